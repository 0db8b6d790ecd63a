"""The history spool during a store outage: how fast batches go to the spool file and come
back out in order, and how many bytes a sample takes there.

    python benchmarks/history_spool.py [--samples 300000] [--batch 10000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _common import emit

from tags.history.spool import SPOOL_FILE, HistorySpool
from tags.history.store import Record
from tags.model import Quality, TagSample


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=300_000)
    parser.add_argument("--batch", type=int, default=10_000)
    args = parser.parse_args()
    t0 = 1_750_000_000.0

    def sample(i: int) -> Record:
        t = t0 + i * 1e-3
        return f"CWP.BENCH.V{i % 1000:05d}", TagSample(20.0 + (i % 977) * 0.013, Quality.GOOD, t, t)

    batches = [
        [sample(i) for i in range(start, min(start + args.batch, args.samples))]
        for start in range(0, args.samples, args.batch)
    ]
    with tempfile.TemporaryDirectory() as folder:
        spool = HistorySpool(Path(folder) / SPOOL_FILE, memory_samples=0)  # all to the file
        started = time.perf_counter()
        for batch in batches:
            spool.add(batch)
        spooled = time.perf_counter() - started
        emit("spool_to_file", args.samples / spooled, "samples/s", batch=args.batch)
        emit("spool_file_bytes_per_sample", spool.disk_used / args.samples, "bytes")
        started = time.perf_counter()
        written = spool.drain(len)
        drained = time.perf_counter() - started
        assert written == args.samples
        emit("spool_drain_from_file", args.samples / drained, "samples/s", batch=args.batch)
        spool.close()


if __name__ == "__main__":
    main()
