#!/usr/bin/env python3
"""Writes a recorded market data file for the file-replay benchmark (benchmarks/README.md, issue 16).

Usage: benchmarks/recorded-day.py ROWS FILE [moving|still]

Quotes on AAPL, MSFT and SPY (the paper preset's instruments) every 10 ms each, from
2026-11-30T14:30Z. "moving" (default): the mids walk a cent up and down, so the sample market
maker amends on most rows. "still": the mids stay and only the bid sizes change, so it has nothing
to amend. Deterministic: the same arguments give the same file.
"""
import datetime
import sys


def main():
    rows = int(sys.argv[1])
    out = sys.argv[2]
    mode = sys.argv[3] if len(sys.argv) > 3 else "moving"
    if mode not in ("moving", "still"):
        sys.exit("mode must be moving or still, got " + mode)
    start = datetime.datetime(2026, 11, 30, 14, 30, tzinfo=datetime.timezone.utc)
    symbols = (("AAPL", 190.00), ("MSFT", 420.00), ("SPY", 560.00))
    with open(out, "w") as f:
        f.write("timestamp,type,symbol,bid,bid_size,ask,ask_size,price,size\n")
        written = 0
        tick = 0
        while written < rows:
            t = start + datetime.timedelta(milliseconds=10 * tick)
            ts = t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)
            step = (tick % 7) if (tick // 7) % 2 == 0 else 7 - (tick % 7)
            for symbol, mid in symbols:
                if mode == "still":
                    f.write("%s,quote,%s,%.2f,%d,%.2f,100,,\n" % (ts, symbol, mid - 0.02, 100 + 10 * step, mid + 0.02))
                else:
                    m = mid + 0.01 * step
                    f.write("%s,quote,%s,%.2f,100,%.2f,100,,\n" % (ts, symbol, m - 0.02, m + 0.02))
                written += 1
            tick += 1


if __name__ == "__main__":
    main()
