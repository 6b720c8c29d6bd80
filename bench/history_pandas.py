"""The pandas side of `npm run bench:history`: the health seed's own way of reading its CSV
(pd.read_csv, then filter or group), timed from read_csv to the answer, with the process's
peak memory. bench/history.ts runs it with /usr/bin/python3 (Debian's python3-pandas), one
process per query, and compares its answer with he-history's.

    /usr/bin/python3 bench/history_pandas.py '<json request>'

The request: {"query": "last24h" | "hourly", "file": ..., "key": ..., "column": ..., "from": ms,
"to": ms, "columns": [...], "answer": path to write the answer to (after timing) or null}.
Prints one JSON line: seconds, peak RSS (bytes), pandas version, and a short digest; or
{"missing": "pandas"} when pandas cannot be imported.
"""
import json
import resource
import sys
import time


def last24h(pd, req):
    # The seed: pd.read_csv(...) of the whole file, with its times parsed.
    data = pd.read_csv(req["file"], encoding="utf-8-sig", parse_dates=["timestamp"])
    start = pd.Timestamp(req["from"], unit="ms", tz="UTC")
    end = pd.Timestamp(req["to"], unit="ms", tz="UTC")
    picked = data[(data["deviceId"] == req["key"]) & (data["timestamp"] >= start) & (data["timestamp"] < end)]
    return picked[["timestamp", req["column"]]].dropna()


def hourly(pd, req):
    data = pd.read_csv(req["file"], encoding="utf-8-sig", parse_dates=["timestamp"])
    data["hour"] = data["timestamp"].dt.floor("h")
    return data.groupby(["deviceId", "hour"])[req["columns"]].agg(["count", "min", "max", "mean", "first", "last"])


def epoch_ms(pd, series):
    return (series.dt.tz_convert(None) - pd.Timestamp(0)) // pd.Timedelta("1ms")


def last24h_answer(pd, req, frame):
    column = req["column"]
    xs = epoch_ms(pd, frame["timestamp"]).tolist()
    ys = frame[column].tolist()
    return {"points": [[x, y] for x, y in zip(xs, ys)]}


def hourly_answer(pd, req, groups):
    rows = []
    starts = (groups.index.get_level_values("hour").tz_convert(None) - pd.Timestamp(0)) // pd.Timedelta("1ms")
    keys = groups.index.get_level_values("deviceId")
    for column in req["columns"]:
        part = groups[column]
        for key, start, count, lo, hi, mean, first, last in zip(
            keys, starts, part["count"], part["min"], part["max"], part["mean"], part["first"], part["last"]
        ):
            if count > 0:
                rows.append([key, int(start), column, int(count), lo, hi, mean, first, last])
    return {"groups": rows}


def main():
    req = json.loads(sys.argv[1])
    try:
        import pandas as pd
    except ImportError:
        print(json.dumps({"missing": "pandas"}))
        return
    t0 = time.perf_counter()
    if req["query"] == "last24h":
        result = last24h(pd, req)
    else:
        result = hourly(pd, req)
    seconds = time.perf_counter() - t0
    # Linux reports ru_maxrss in KiB.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    out = {"seconds": seconds, "peakRss": peak, "pandas": pd.__version__}
    if req["query"] == "last24h":
        out["rows"] = int(len(result))
    else:
        out["groups"] = int(len(result))
    if req.get("answer"):
        answer = last24h_answer(pd, req, result) if req["query"] == "last24h" else hourly_answer(pd, req, result)
        with open(req["answer"], "w", encoding="utf-8") as f:
            json.dump(answer, f)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
