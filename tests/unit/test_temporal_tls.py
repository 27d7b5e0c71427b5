"""Quarry's Temporal clients (API, worker, CLI all connect through services.temporal) present
the deployment's client certificate to a server that requires one (mutual TLS), check the
server against the deployment's CA under the configured name, and stay plain for the
embedded dev server."""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import threading
from pathlib import Path

import pytest

from services.settings import PROJECT_ROOT, Settings
from services.temporal import connect, tls_config

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pki") / "secrets"
    env = {"SECRETS_DIR": str(out), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    script = PROJECT_ROOT / "deploy" / "make-secrets.sh"
    subprocess.run([str(script)], env=env, check=True, capture_output=True)
    return out / "certs"


class MutualTlsServer:
    """Accepts one TLS connection that must carry a client certificate signed by the CA, and
    records whose it was (the gRPC exchange after the handshake is not its business)."""

    def __init__(self, certs: Path) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(certs / "temporal.pem", certs / "temporal.key")
        self.context.load_verify_locations(certs / "ca.pem")
        self.context.verify_mode = ssl.CERT_REQUIRED
        self.context.set_alpn_protocols(["h2"])
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.client_names: list[str] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.listener.settimeout(20)
        try:
            raw, _ = self.listener.accept()
            with self.context.wrap_socket(raw, server_side=True) as tls:
                subject = dict(pair[0] for pair in tls.getpeercert()["subject"])
                self.client_names.append(str(subject["commonName"]))
        except OSError:
            pass  # no (or no valid) client certificate: nothing recorded
        finally:
            self.listener.close()


def settings_for(port: int, certs: Path) -> Settings:
    return Settings(
        temporal_address=f"127.0.0.1:{port}",
        temporal_tls_ca_file=certs / "ca.pem",
        temporal_tls_cert_file=certs / "quarry.pem",
        temporal_tls_key_file=certs / "quarry.key",
        temporal_tls_server_name="temporal",
    )


async def test_connect_presents_the_client_certificate_over_mutual_tls(certs: Path) -> None:
    server = MutualTlsServer(certs)
    with pytest.raises(RuntimeError):  # the handshake is all this server does
        await connect(settings_for(server.port, certs))
    server.thread.join(20)
    assert server.client_names == ["quarry"]


def test_the_embedded_dev_server_is_reached_in_plain_grpc() -> None:
    assert tls_config(Settings()) is False


def test_tls_is_on_with_the_systems_roots_when_only_asked_for() -> None:
    config = tls_config(Settings(temporal_tls=True))
    assert not isinstance(config, bool)
    assert config.server_root_ca_cert is None and config.client_cert is None
