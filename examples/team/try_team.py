"""Try a team's evening on this one machine (`make try-team`): a throwaway PostgreSQL, two workers,
two colleagues' calendars, one colleague's note reaching the other's brief.

1. A PostgreSQL cluster of its own in a temporary folder (initdb, pg_ctl on 127.0.0.1), as the
   tests start one: Debian's `postgresql` package must be installed (`make test` installs it).
2. The sample customer's site served on 127.0.0.1; its account file in a team folder.
3. 李娜 puts a note in the shared store (`briefing note --store`); 王磊 visits the customer
   tomorrow morning, 李娜 in the afternoon: each has a calendar file of their own.
4. Two `briefing worker` processes; `briefing tonight --team team.toml --queue` queues both
   visits and reports each as it is built and put on its calendar event.
5. Everything is deleted at the end except the two briefs and calendars, copied to ./team-try/.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from postgres_server import new_database, running_cluster  # noqa: E402

from briefing.demo import demo_site, fixtures_dir, serve_site  # noqa: E402

SHANGHAI = timezone(timedelta(hours=8))


def calendar(uid: str, summary: str, start: datetime) -> bytes:
    return ("\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//briefing try-team//EN", "BEGIN:VEVENT", f"UID:{uid}",
                         "DTSTAMP:20261201T010000Z", f"DTSTART:{start.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}",
                         f"SUMMARY:{summary}", "END:VEVENT", "END:VCALENDAR"]) + "\r\n").encode("utf-8")


def briefing(*args: str, env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    return subprocess.run([sys.executable, "-m", "briefing", *args], env=env, **kwargs)


def main() -> int:
    out = Path("team-try").resolve()
    with tempfile.TemporaryDirectory() as tmp, running_cluster() as cluster, serve_site(demo_site()) as site:
        folder = Path(tmp)
        store = new_database(cluster)
        env = {**os.environ, "BRIEFING_HOME": str(folder / "home"), "BRIEFING_STORE": store}
        accounts = folder / "accounts"
        shutil.copytree(fixtures_dir() / "demo", accounts)
        account = accounts / "account.toml"
        account.write_text(account.read_text("utf-8").replace("http://www.hengyuan-env.com.cn/", site), "utf-8")
        tomorrow = datetime.now(SHANGHAI).date() + timedelta(days=1)
        morning = datetime.combine(tomorrow, datetime.min.time(), SHANGHAI) + timedelta(hours=9, minutes=30)
        (folder / "wang.ics").write_bytes(calendar("visit-1@try", "拜访恒远环保", morning))
        (folder / "li.ics").write_bytes(calendar("visit-2@try", "恒远环保 技术交流", morning + timedelta(hours=5)))
        (folder / "team.toml").write_text(
            'accounts = "accounts"\ntimezone = "Asia/Shanghai"\nevening = "19:00"\nwithin = "48h"\n'
            '[[member]]\nlogin = "wang"\nname = "王磊"\ncalendar = "wang.ics"\n'
            '[[member]]\nlogin = "li"\nname = "李娜"\ncalendar = "li.ics"\n', "utf-8")
        print(f"store: {store.split('@')[-1]} (a throwaway PostgreSQL); site: {site}", flush=True)
        briefing("note", str(account), "周经理说扩建项目的预算下月上会", "--by", "李娜", "--topic", "资金", env=env, check=True)
        workers = [subprocess.Popen([sys.executable, "-m", "briefing", "worker", "--name", f"worker-{n}"], env=env,
                                    stderr=subprocess.DEVNULL) for n in (1, 2)]
        try:
            done = briefing("tonight", "--team", str(folder / "team.toml"), "--queue", "--allow-private", env=env)
        finally:
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
            for worker in workers:
                worker.wait(timeout=120)
        out.mkdir(exist_ok=True)
        for file in [*(folder / "home").rglob("*.pdf"), folder / "wang.ics", folder / "li.ics"]:
            shutil.copy2(file, out / file.name)
        print(f"the briefs and both calendars, each event with its brief attached: {out}/")
        return done.returncode


if __name__ == "__main__":
    sys.exit(main())
