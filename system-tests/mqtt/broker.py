"""A real mosquitto broker on a loopback port, started and stopped by the tests, with a password
file and, if asked, a TLS listener whose certificates the tests make with openssl."""

import os
import pwd
import signal
import socket
import subprocess
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=10.0, host="127.0.0.1"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def make_certificates(directory):
    """A CA and a server certificate for 127.0.0.1 and localhost, signed by it; returns the
    CA's path. A second, unrelated CA lands in other-ca.pem for the wrong-CA case."""
    def openssl(*args):
        subprocess.run(["openssl", *args], cwd=directory, check=True, capture_output=True)

    for name in ("ca", "other-ca"):
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN=yolo-edge test {name}",
                "-keyout", f"{name}.key", "-out", f"{name}.pem")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr")
    with open(os.path.join(directory, "san.cnf"), "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
            "-extfile", "san.cnf", "-out", "server.pem")
    return os.path.join(directory, "ca.pem")


class Broker:
    USER, PASSWORD = "edge", "s3cret-pass"

    def __init__(self, directory, tls=False):
        self.directory = directory
        self.port = free_port()
        self.tls_port = free_port() if tls else None
        self.log = os.path.join(directory, "mosquitto.log")
        self.process = None
        passwords = os.path.join(directory, "passwords")
        subprocess.run(["mosquitto_passwd", "-b", "-c", passwords, self.USER, self.PASSWORD], check=True,
                       capture_output=True)
        os.chmod(passwords, 0o600)
        lines = [
            # Run as root, mosquitto would switch to the user "mosquitto", who cannot read the
            # test's files: stay whoever runs the test.
            f"user {pwd.getpwuid(os.getuid()).pw_name}",
            "per_listener_settings false", "allow_anonymous false", f"password_file {passwords}",
            "persistence false", f"log_dest file {self.log}", "log_type all", "connection_messages true",
            f"listener {self.port} 127.0.0.1",
        ]
        if tls:
            self.ca_file = make_certificates(directory)
            lines += [f"listener {self.tls_port} 127.0.0.1", f"cafile {self.ca_file}",
                      f"certfile {os.path.join(directory, 'server.pem')}", f"keyfile {os.path.join(directory, 'server.key')}"]
        self.config = os.path.join(directory, "mosquitto.conf")
        with open(self.config, "w") as f:
            f.write("\n".join(lines) + "\n")

    def start(self):
        self.process = subprocess.Popen(["mosquitto", "-c", self.config], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        if not wait_for_port(self.port):
            raise RuntimeError(f"mosquitto did not listen on {self.port}; see {self.log}")
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)
        self.process = None

    def log_text(self):
        try:
            with open(self.log, errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""
