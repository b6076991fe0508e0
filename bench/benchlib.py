"""What the ingest benches share: the cache folder, column letters and honest peak memory per process.

Each measured side runs in a fresh interpreter and reports its own VmHWM (/proc/self/status, read at its
end; exec starts a new address space, ``ru_maxrss`` would carry the parent's high-water mark). The
reader may start one helper process for a large sheet: :class:`ChildPeaks` samples the VmHWM of this
process's children while it runs, so the helper's memory is reported too (and added, as if both peaks
fell at the same moment).
"""

from __future__ import annotations

import os
import resource
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"


def col_letter(index: int) -> str:
    """``0`` → ``A``, ``27`` → ``AB``."""
    s = ""
    index += 1
    while index:
        index, r = divmod(index - 1, 26)
        s = chr(65 + r) + s
    return s


def _hwm(status: Path) -> float:
    try:
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    status = Path("/proc/self/status")
    if status.exists():
        return _hwm(status)
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: may include the parent's


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the reader's helper process)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class ChildPeaks:
    """Samples the VmHWM of the children of process ``root`` (default: this one) every ``every`` seconds
    (Linux; nothing elsewhere). VmHWM only grows, so the last sample misses at most ``every`` seconds."""

    def __init__(self, root: int | None = None, every: float = 0.05):
        self.root = root or os.getpid()
        self.own = 0.0  # the root's own VmHWM, when it is another process
        self.peaks: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)
        self._thread.start()

    def _run(self, every: float) -> None:
        tasks = Path(f"/proc/{self.root}/task")
        while not self._stop.is_set():
            try:
                pids = {int(p) for t in tasks.iterdir() for p in (t / "children").read_text().split()}
            except OSError:
                return
            if self.root != os.getpid():
                self.own = max(self.own, _hwm(Path(f"/proc/{self.root}/status")))
            for pid in pids:
                self.peaks[pid] = max(self.peaks.get(pid, 0.0), _hwm(Path(f"/proc/{pid}/status")))
            time.sleep(every)

    def stop(self) -> float:
        """The largest child peak seen, in MB (0 when no child ran)."""
        self._stop.set()
        self._thread.join()
        return max(self.peaks.values(), default=0.0)
