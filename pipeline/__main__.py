import sys

from pipeline import cli

sys.exit(cli.main(sys.argv[1:]))
