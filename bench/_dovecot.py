"""A real IMAP server for the mailbox tests and ``bench.mailbox``: Debian's Dovecot, one each.

Started as root from a config in a temporary directory (passwd-file auth with a plain password,
maildir, a free port on 127.0.0.1, no TLS); the mail belongs to ``nobody``. Stopped after.
Not a benchmark (the underscore); the tests' fixture is tests/intake/dovecot.py.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DOVECOT = Path("/usr/sbin/dovecot")
DOVEADM = Path("/usr/bin/doveadm")
USER = "lerq"
PASSWORD = "imap-test-password"  # noqa: S105  (a throwaway local server)
MAIL_OWNER = "nobody"
START_TIMEOUT = 10.0

CONFIG = """\
instance_name = lerq-test-{port}
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={base}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
{extra}"""
# What Dovecot 2.3 offers after login, less IDLE: a server without IDLE, for the watcher's poll.
WITHOUT_IDLE = (
    "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE SORT SORT=DISPLAY THREAD=REFERENCES "
    "THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN "
    "NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES "
    "WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY LITERAL+ "
    "NOTIFY SPECIAL-USE"
)


@dataclass(frozen=True)
class Dovecot:
    host: str
    port: int
    user: str
    password: str
    base: Path

    def kick(self) -> None:
        """Drop every connection of the user, as a server restart or a network cut would."""
        subprocess.run(  # noqa: S603
            [str(DOVEADM), "-c", str(self.base / "dovecot.conf"), "kick", self.user],
            check=True,
            capture_output=True,
        )


def missing() -> str:
    """Why Dovecot cannot be started here, or ''."""
    if not DOVECOT.exists():
        return f"{DOVECOT} is not installed (apt-get install dovecot-imapd)"
    if os.geteuid() != 0:
        return "Dovecot is started as root from a temporary config; run as root"
    return ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _stop(server: subprocess.Popen) -> None:
    """Stop the master (it stops its children) and wait for it: none is left behind."""
    server.terminate()
    try:
        server.wait(timeout=START_TIMEOUT)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@contextmanager
def running_dovecot(*, capability: str = "") -> Iterator[Dovecot]:
    """Start a Dovecot of its own in a new temporary directory; stop it and remove it after.
    ``capability``: what it offers after login instead of its own list (e.g. WITHOUT_IDLE)."""
    owner = pwd.getpwnam(MAIL_OWNER)
    # Not pytest's tmp_path: its parents are 0700, and Dovecot's unprivileged processes
    # must reach the passwd file and the mail.
    base = Path(tempfile.mkdtemp(prefix="lerq-dovecot-"))
    base.chmod(0o755)
    port = _free_port()
    (base / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    (base / "passwd").chmod(0o644)
    home = base / "home" / USER
    home.mkdir(parents=True)
    for path in (base / "home", home):
        os.chown(path, owner.pw_uid, owner.pw_gid)
    config = base / "dovecot.conf"
    extra = f"imap_capability = {capability}\n" if capability else ""
    config.write_text(
        CONFIG.format(base=base, port=port, uid=owner.pw_uid, gid=owner.pw_gid, extra=extra)
    )
    # In the foreground (-F), our child: stopped through its handle, not a pid file that a
    # loaded machine may not have written yet. Output to a file: its children keep pipes open.
    with (base / "start.log").open("wb") as out:
        server = subprocess.Popen(  # noqa: S603
            [str(DOVECOT), "-F", "-c", str(config)], stdout=out, stderr=out
        )
    try:
        _wait_for(port, server)
        yield Dovecot(host="127.0.0.1", port=port, user=USER, password=PASSWORD, base=base)
    finally:
        _stop(server)
        shutil.rmtree(base, ignore_errors=True)
