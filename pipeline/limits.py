"""Bounds on every whole-file reader: a memory limit and a wall-clock limit per run, so that one
hostile source can neither exhaust the machine nor stall the build.

Two ways to run under the limits:

- ``run_command(argv, data, limits, ...)`` runs an external reader (pandoc, or any other program):
  a GHC program gets its heap bounded with ``+RTS -M<size> -RTS`` (pandoc is built with
  ``-rtsopts``), any other program, or a pandoc built without RTS options, gets an address-space
  limit (RLIMIT_AS); both get a timeout.
- ``run_bounded(work, limits, ...)`` runs a Python callable (mistune, json decoding, the AST walk)
  in a forked child under RLIMIT_AS and a deadline; its result comes back pickled.

Exceeding a limit raises ``PipelineError`` with a ``parse-limit`` problem that names the file, the
limit and how to raise it. Defaults grow with the file's size; ``PAPERLISTS_PARSE_MEMORY`` (e.g.
``2G``) and ``PAPERLISTS_PARSE_SECONDS`` (or ``doit parse_memory=2G parse_seconds=600``) replace them.
"""

from __future__ import annotations

import math
import os
import pickle
import re
import resource
import select
import signal
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from typing import Callable, Mapping, TypeVar

from pipeline.problems import PipelineError, Problem

MEMORY_VARIABLE = "PAPERLISTS_PARSE_MEMORY"
SECONDS_VARIABLE = "PAPERLISTS_PARSE_SECONDS"
MIB = 1 << 20
#: Default memory: a floor every real list fits in (pandoc needs about 200 MiB for a 250 kB list),
#: growing with the file (a real 1 MB list needs about 460 MiB), capped so that two parses side by
#: side (doit -n 2) stay well under 3 GiB.
MEMORY_FLOOR = 256 * MIB
MEMORY_PER_BYTE = 512
MEMORY_CAP = 768 * MIB
#: pandoc's runtime raises any smaller heap limit to its suggested heap (-H64m), so less means nothing.
MEMORY_MINIMUM = 64 * MIB
#: Default time: pandoc reads a real 250 kB list in about 2 s; the floor leaves room for a busy machine.
SECONDS_FLOOR = 30.0
SECONDS_PER_MB = 30.0
SECONDS_CAP = 300.0
#: Python's objects for pandoc's JSON take 8 (a 250 kB list) to 13 (a table) times its size.
DECODE_GROWTH = 12
#: The exit status of a GHC program whose heap is exhausted (+RTS -M).
_HEAP_EXHAUSTED = 251
#: A GHC program's resident memory runs up to about 1.45 times its -M heap limit (pandoc with
#: -M768m reached 1,110 MiB), so it gets this share of the budget as its heap limit.
HEAP_SHARE = 2 / 3
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """What one reader run may use: ``memory`` in bytes (None: no bound) and ``seconds`` of wall-clock time."""

    memory: int | None
    seconds: float
    #: why these values: "the default for a 1.4 MB file" or "PAPERLISTS_PARSE_MEMORY=..."
    memory_origin: str = "the default"
    seconds_origin: str = "the default"


def limits_for(size: int, environ: Mapping[str, str] | None = None) -> Limits:
    """The limits for reading a file of ``size`` bytes: the environment's settings, else the defaults.

    >>> limits_for(100_000, {}).memory // MIB, limits_for(100_000, {}).seconds
    (304, 33.0)
    >>> limits_for(100_000, {MEMORY_VARIABLE: "2G", SECONDS_VARIABLE: "90"}).memory // MIB
    2048
    """
    environ = os.environ if environ is None else environ
    default = f"the default for a {size / 1e6:.1f} MB file"
    memory = min(MEMORY_CAP, MEMORY_FLOOR + MEMORY_PER_BYTE * size)
    seconds = float(round(min(SECONDS_CAP, SECONDS_FLOOR + SECONDS_PER_MB * size / 1e6)))
    memory_origin = seconds_origin = default
    if environ.get(MEMORY_VARIABLE, "").strip():
        memory = parse_size(environ[MEMORY_VARIABLE], MEMORY_VARIABLE)
        memory_origin = f"{MEMORY_VARIABLE}={environ[MEMORY_VARIABLE]}"
    if environ.get(SECONDS_VARIABLE, "").strip():
        seconds = parse_seconds(environ[SECONDS_VARIABLE], SECONDS_VARIABLE)
        seconds_origin = f"{SECONDS_VARIABLE}={environ[SECONDS_VARIABLE]}"
    return Limits(memory, seconds, memory_origin, seconds_origin)


def parse_size(text: str, setting: str) -> int:
    """``"512M"``, ``"2G"``, ``"1.5g"``, ``"300MiB"`` or bytes -> bytes; a bad value (or one under
    64M) is a ``bad-limit`` error.

    >>> parse_size("512M", "x"), parse_size("1.5g", "x"), parse_size("67108864", "x")
    (536870912, 1610612736, 67108864)
    """
    found = _SIZE.match(text)
    size = int(float(found.group(1)) * _UNITS[found.group(2).lower()]) if found else 0
    if size < MEMORY_MINIMUM:
        raise PipelineError(Problem(setting, None, "bad-limit", f"expected a memory size of at least 64M, "
                                    f"such as 512M or 2G, found {text!r}"))
    return size


def parse_seconds(text: str, setting: str) -> float:
    """``"90"`` or ``"2.5"`` -> seconds; a bad value is a ``bad-limit`` error."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        raise PipelineError(Problem(setting, None, "bad-limit",
                                    f"expected a number of seconds such as 120, found {text!r}"))
    return seconds


def memory_problem(path: str, what: str, limits: Limits, left: int | None = None) -> Problem:
    """``parse-limit``: ``what`` needed more memory than allowed (``left`` of it, when the rest was
    in use by the stage already); the message says how to raise it."""
    memory = limits.memory or 0
    wanted = _size_text(2 * memory)
    used = (f"more than the {_size_text(left)} left of {_size_text(memory)}" if left and left < 0.9 * memory
            else f"more than {_size_text(memory)}")
    return Problem(path, None, "parse-limit",
                   f"{what} needed {used} of memory ({limits.memory_origin}); "
                   f"expected a source that fits, or raise the limit: {MEMORY_VARIABLE}={wanted} "
                   f"or doit parse_memory={wanted}")


def time_problem(path: str, what: str, limits: Limits) -> Problem:
    """``parse-limit``: ``what`` ran longer than allowed; the message says how to raise it."""
    wanted = f"{math.ceil(2 * limits.seconds)}"
    return Problem(path, None, "parse-limit",
                   f"{what} ran longer than {limits.seconds:g} s ({limits.seconds_origin}); expected a "
                   f"source that reads in time, or raise the limit: {SECONDS_VARIABLE}={wanted} "
                   f"or doit parse_seconds={wanted}")


def _size_text(size: int) -> str:
    return f"{size / (1 << 30):g}G" if size % (1 << 30) == 0 else f"{max(1, round(size / MIB))}M"


def run_command(argv: list[str], data: bytes, limits: Limits, path: str, what: str,
                ghc: bool = True) -> subprocess.CompletedProcess[bytes]:
    """Run ``argv`` on ``data`` under the limits; a limit exceeded raises PipelineError (``parse-limit``).

    ``ghc`` programs get ``+RTS -M`` (a clean "heap exhausted" instead of the machine's memory);
    when the program refuses RTS options, it is run again under RLIMIT_AS instead. OSError from
    starting the program is the caller's to handle; other failures come back as the result.
    """
    if limits.memory is None:
        return _run(argv, data, limits, path, what, None)
    left = _memory_left(limits.memory)
    heap = max(MEMORY_MINIMUM, int(left * HEAP_SHARE)) // MIB
    command = [argv[0], "+RTS", f"-M{heap}m", "-RTS", *argv[1:]] if ghc else argv
    done = _run(command, data, limits, path, what, None if ghc else left)
    if ghc and done.returncode != 0 and b"-rtsopts" in done.stderr:
        done = _run(argv, data, limits, path, what, left)
    if ghc and (done.returncode == _HEAP_EXHAUSTED or b"Heap exhausted" in done.stderr):
        raise PipelineError(memory_problem(path, what, limits, left))
    return done


def check_decodable(size: int, limits: Limits, path: str) -> None:
    """Refuse (``parse-limit``) ``size`` bytes of pandoc JSON whose decoding cannot fit in what is left
    of the memory budget, before spending the time to find that out (a 4.5 MB table gives 79 MB).
    """
    if limits.memory is None:
        return
    left = _memory_left(limits.memory)
    if size * DECODE_GROWTH > left:
        raise PipelineError(memory_problem(path, f"decoding pandoc's {size / 1e6:.0f} MB of JSON", limits, left))


def _memory_left(memory: int) -> int:
    """What a reader started now may use: ``memory``, or, inside run_bounded's child, what the child
    has not used of it yet, so that the child and its reader together stay within one budget."""
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    mapped = _mapped()
    if soft == resource.RLIM_INFINITY or mapped is None:
        return memory
    return max(MEMORY_MINIMUM, min(memory, soft - mapped))


def _run(command: list[str], data: bytes, limits: Limits, path: str, what: str,
         address_space: int | None) -> subprocess.CompletedProcess[bytes]:
    def prepare() -> None:  # runs in the child between fork and exec
        # A reader started from run_bounded's child inherits its RLIMIT_AS; a GHC program reserves
        # its heap's address space up front and crashes under a tight one, so it is lifted here.
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (address_space or hard, hard))

    try:
        done = subprocess.run(command, input=data, capture_output=True, check=False,
                              timeout=limits.seconds, preexec_fn=prepare)
    except subprocess.TimeoutExpired as error:  # subprocess.run has killed the reader already
        raise PipelineError(time_problem(path, what, limits)) from error
    if address_space is not None and done.returncode < 0 and b"memory" in done.stderr.lower():
        raise PipelineError(memory_problem(path, what, limits, address_space))
    return done


def run_bounded(work: Callable[[], T], limits: Limits, path: str, stage: str) -> T:
    """``work()`` run in a forked child under the limits, its result handed back (pickled).

    Whatever goes wrong in the child becomes a PipelineError with one problem naming the file and the
    stage, never a traceback: ``parse-limit`` (out of memory or time), ``too-deep`` (RecursionError),
    the PipelineError ``work`` raised itself, or ``stage-failed`` for anything unexpected.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns, never runs the parent's exit handlers
        os.close(read_end)
        _child(work, limits, path, stage, write_end)
    os.close(write_end)
    try:
        os.setpgid(pid, pid)  # the child does the same; whichever runs first wins the race
    except OSError:
        pass
    chunks: list[bytes] = []
    deadline = time.monotonic() + limits.seconds + 2  # a reader's own timeout inside reports first
    with os.fdopen(read_end, "rb") as reader:
        while True:
            left = deadline - time.monotonic()
            ready = select.select([reader], [], [], max(0.0, left))[0] if left > 0 else []
            if not ready:
                _kill_group(pid)
                raise PipelineError(time_problem(path, f"the {stage} stage", limits))
            chunk = os.read(reader.fileno(), 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    if not chunks:
        signal_number = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        found = f"signal {signal_number}" if signal_number else f"exit status {os.waitstatus_to_exitcode(status)}"
        raise PipelineError(Problem(path, None, "stage-failed",
                                    f"the {stage} stage died without a result ({found}); expected it to "
                                    f"finish or report a problem (out of memory outside Python's reach?)"))
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "problem":
        raise PipelineError(value)
    result: T = value
    return result


def _child(work: Callable[[], T], limits: Limits, path: str, stage: str, write_end: int) -> None:
    status = 0
    try:
        try:
            os.setpgid(0, 0)  # its own process group, so a timeout kills any reader it started too
        except OSError:
            pass
        if limits.memory is not None:
            _limit_address_space(limits.memory)
        try:
            payload: tuple[str, object] = ("result", work())
        except PipelineError as error:
            payload = ("problem", error.problem)
        except MemoryError:
            payload = ("problem", memory_problem(path, f"the {stage} stage", limits))
        except RecursionError:
            payload = ("problem", Problem(path, None, "too-deep",
                                          f"the {stage} stage met nesting deeper than Python's recursion "
                                          f"limit ({sys.getrecursionlimit()} levels); expected a "
                                          f"document nested less deeply"))
        except Exception as error:  # anything unexpected: one line naming file and stage
            where = traceback.extract_tb(error.__traceback__)[-1]
            payload = ("problem", Problem(path, None, "stage-failed",
                                          f"the {stage} stage stopped on {type(error).__name__}: {error} "
                                          f"(in {os.path.basename(where.filename)}:{where.lineno}); "
                                          f"expected it to finish"))
        data = pickle.dumps(payload)
        with os.fdopen(write_end, "wb") as writer:
            writer.write(data)
    except BaseException:
        status = 70
    finally:
        os._exit(status)


def _limit_address_space(memory: int) -> None:
    """RLIMIT_AS = what the process maps already + ``memory``: the child starts as a copy of a doit
    worker, whose libraries and heap must not count against the source's budget."""
    mapped = _mapped()
    if mapped is None:
        return  # no /proc (not Linux): the deadline still holds
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = mapped + memory
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _mapped() -> int | None:
    """This process's address space in bytes (VmSize), or None where /proc cannot tell."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    except (OSError, StopIteration, ValueError):
        return None


def _kill_group(pid: int) -> None:
    kills: tuple[Callable[[], None], ...] = (lambda: os.killpg(pid, signal.SIGKILL),
                                             lambda: os.kill(pid, signal.SIGKILL))
    for kill in kills:
        try:
            kill()
        except OSError:
            pass
    os.waitpid(pid, 0)
