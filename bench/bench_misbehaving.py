"""A build whose every source misbehaves at once: is the brief written on time, and in how much memory?

Serves the misbehaving routes of tests/misbehaving.py on 127.0.0.1 (a server that never answers,
one that sends a byte a second, a 503 asking for a day's wait, an endless body, a gzip bomb, a
redirect loop, a 5 GB Content-Length...), each as a site of its own, points every adapter of one account at them, and runs
the real command, `briefing build ACCOUNT --deadline D`, in a subprocess, with the default
timeouts otherwise (60 s per request). Prints, measured in this run:

- build time / deadline, and the seconds past the deadline (the grace for reading what came);
- the peak memory of the command's process tree (summed PSS, sampled every 20 ms);
- each source's state and reason, as the brief shows them.

Run: .venv/bin/python bench/bench_misbehaving.py [DEADLINE_SECONDS]   (default 30; the CLI's default is 90)
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(HERE))

from bench_speed import TreeMemory  # noqa: E402
from misbehaving import misbehaving  # noqa: E402

SOURCES = {  # every adapter, each at the worst the web does
    "site": ["/silent", "/trickle"],
    "news": ["/trickle", "/huge"],
    "wechat": ["/unavailable", "/s/wall"],
    "tenders": ["/endless", "/bomb", "/loop", "/hop0"],
    # not /to-private: with --allow-private (needed for 127.0.0.1) it would be followed to 10.0.0.1,
    # an address outside this machine
    "registry": ["/to-file", "/empty", "/gone"],
}


def main(deadline: float) -> None:
    with contextlib.ExitStack() as stack, tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        # a server of its own for each page: each is a site of its own, as on the web, so that one
        # site's 503 does not hold back the others (politeness is per site)
        webs = {path: stack.enter_context(misbehaving()) for paths in SOURCES.values() for path in paths}
        lines = [f'{adapter} = [{", ".join(json.dumps(webs[p].url(p)) for p in paths)}]' for adapter, paths in SOURCES.items()]
        account = work / "acme.toml"
        account.write_text('name = "江苏恒远环保工程有限公司"\n[sources]\n' + "\n".join(lines) + "\n", "utf-8")
        command = [sys.executable, "-m", "briefing", "build", str(account), "-o", str(work / "b.pdf"), "--json",
                   str(work / "b.json"), "--store", str(work / "s.sqlite3"), "--allow-private", "--deadline", f"{deadline:g}", "-q"]
        env = {**os.environ, "PYTHONPATH": str(ROOT), "BRIEFING_HOME": str(work / "home")}
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        with TreeMemory(exclude=-1, root=process.pid) as memory:
            _, stderr = process.communicate()
        took = time.perf_counter() - started
        written = (work / "b.pdf").is_file()
        print(f"{sum(len(p) for p in SOURCES.values())} misbehaving pages in {len(SOURCES)} sources, all at once; "
              f"deadline {deadline:g} s, 60 s per request")
        print(f"exit code {process.returncode}; brief written: {'yes' if written else 'NO'}")
        print(f"build time {took:.1f} s = {took / deadline:.2f} × the deadline ({took - deadline:+.1f} s past it, "
              f"start-up and the PDF included)")
        print(f"peak memory of the command's process tree (PSS): {memory.report()}")
        if (work / "b.json").is_file():
            for source in json.loads((work / "b.json").read_text("utf-8"))["sources"]:
                print(f"  {source['status']:8} {source['adapter']:8} {source['reason'][:110]}")
        if "Traceback" in stderr.decode("utf-8", "replace"):
            print("a TRACEBACK reached the user:\n" + stderr.decode("utf-8", "replace"))


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 30.0)
