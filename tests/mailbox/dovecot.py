"""A real Dovecot IMAP server on loopback, run unprivileged from a temporary directory with TLS (a self-signed
certificate made here). Debian's dovecot-imapd provides /usr/sbin/dovecot."""

from __future__ import annotations

import datetime
import grp
import ipaddress
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"


def available() -> bool:
    return Path(DOVECOT).exists()


def self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_path.chmod(0o600)
    return cert_path, key_path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Dovecot:
    directory: Path
    port: int
    cert: Path
    user: str = "report@a.example"
    password: str = "imap-secret-123"
    process: subprocess.Popen | None = None

    def start(self) -> Dovecot:
        me, group = pwd.getpwuid(os.getuid()).pw_name, grp.getgrgid(os.getgid()).gr_name
        login, uid, gid = me, os.getuid(), os.getgid()
        if os.getuid() == 0:  # as root (CI containers) Dovecot drops privileges to its own Debian users
            internal = pwd.getpwnam("dovecot")
            me, group, login = "dovecot", grp.getgrgid(internal.pw_gid).gr_name, "dovenull"
            uid, gid = internal.pw_uid, internal.pw_gid
        self.directory.chmod(0o755)
        for sub in ("run", "state", "home"):
            (self.directory / sub).mkdir(parents=True, exist_ok=True)
        os.chown(self.directory / "home", uid, gid)
        (self.directory / "users").write_text(f"{self.user}:{{PLAIN}}{self.password}::::::\n")
        cert, key = self.cert, self.directory / "key.pem"
        config = f"""
base_dir = {self.directory}/run
state_dir = {self.directory}/state
log_path = {self.directory}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
ssl_min_protocol = TLSv1.2
default_internal_user = {me}
default_internal_group = {group}
default_login_user = {login}
auth_mechanisms = plain
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.directory}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={self.directory}/home/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  chroot =
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service auth {{
  user = {me}
}}
service auth-worker {{
  user = {me}
}}
first_valid_uid = {min(uid, 500)}
"""
        (self.directory / "dovecot.conf").write_text(config)
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.directory / "dovecot.conf")],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("dovecot stopped: " + self.log())
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("dovecot did not start: " + self.log())

    def log(self) -> str:
        out = self.process.stdout.read().decode() if self.process and self.process.poll() is not None else ""
        path = self.directory / "dovecot.log"
        return out + (path.read_text() if path.exists() else "")

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        """Deliver a message the way a mail client would: IMAP APPEND over TLS."""
        import imaplib

        context = ssl.create_default_context(cafile=str(self.cert))
        with imaplib.IMAP4_SSL("127.0.0.1", self.port, ssl_context=context) as imap:
            imap.login(self.user, self.password)
            status, detail = imap.append(folder, "", imaplib.Time2Internaldate(time.time()), raw)
            assert status == "OK", detail

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(directory: Path) -> Dovecot:
    directory.mkdir(parents=True, exist_ok=True)
    cert, _key = self_signed(directory)
    return Dovecot(directory, free_port(), cert).start()
