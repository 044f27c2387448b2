"""The local Neo4j of SPEC §2: Community 5.26 LTS from Maven Central jars, run by Launcher.java.

The jars are resolved once by Maven into a cache folder outside the repository
(``$SUPPORTWEB_CACHE_DIR`` or ``~/.cache/supportweb``); the JVM runs detached from the
command that started it and records its pid and port in ``DATA/supportweb-neo4j.json``,
so ``stop`` and ``status`` work from any later shell.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from graphdb.local.memory import AUTO, machine_memory, memory_for, resolve_memory, store_size

__all__ = ["AUTO", "machine_memory", "memory_for", "resolve_memory", "store_size"]

NEO4J_VERSION = "5.26.30"
# APOC core publishes fewer 5.26 patch releases than Neo4j; this is the newest 5.26 one.
APOC_VERSION = "5.26.19"
READY_MARK = "SUPPORTWEB-NEO4J READY"
FAILED_MARK = "SUPPORTWEB-NEO4J FAILED"
RUNNER_DIR = Path(__file__).parent / "neo4j_runner"
STATE_FILE = "supportweb-neo4j.json"
LOG_FILE = "neo4j.log"


# Neo4j processes this Python process started, so they are reaped (not left as zombies)
# and their Popen objects live as long as they run.
_children: dict[int, subprocess.Popen[bytes]] = {}


class LocalNeo4jError(RuntimeError):
    """A problem with the local Neo4j; the message says what to do about it."""


@dataclass(frozen=True, slots=True)
class RunningNeo4j:
    pid: int
    port: int
    data_dir: Path
    heap: str = "2g"
    pagecache: str = "1g"
    apoc: bool = False

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"


def cache_dir() -> Path:
    base = os.environ.get("SUPPORTWEB_CACHE_DIR")
    return Path(base) if base else Path.home() / ".cache" / "supportweb"


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").exists():
        return str(Path(java_home) / "bin" / "java")
    found = shutil.which("java")
    if not found:
        raise LocalNeo4jError(
            "Java is not installed: install a JDK 17 "
            "(e.g. `apt-get install openjdk-17-jdk-headless`) or set JAVA_HOME"
        )
    return found


def java_command() -> str:
    """The java to run Neo4j's tools with (17 or newer), or a message saying what to install."""
    java = _java()
    _check_java_version(java)
    return java


def _check_java_version(java: str) -> None:
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False).stderr
    # Neo4j 5.26 needs Java 17 or 21; the single-file launcher needs 11+.
    for token in out.replace('"', " ").split():
        head = token.split(".")[0]
        if head.isdigit() and token.count(".") >= 1:
            if int(head) < 17:
                raise LocalNeo4jError(
                    f"Java {token} is too old for Neo4j 5.26: "
                    "install JDK 17 or set JAVA_HOME to one"
                )
            return


def _launcher(java: str, lib: Path) -> tuple[str | None, str]:
    """How to run Launcher.java, as (a folder to add to the classpath, the main class or
    source file): its compiled class, cached by the source's hash, when the JDK has javac;
    else the source itself. Compiling in source mode costs several seconds
    on every start (seven on a busy two-core machine), and tests restart Neo4j often."""
    source = RUNNER_DIR / "Launcher.java"
    javac = Path(java).with_name("javac")
    if not javac.exists():
        return None, str(source)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    classes = cache_dir() / f"launcher-{NEO4J_VERSION}-{digest}"
    if not (classes / "Launcher.class").exists():
        classes.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(dir=classes.parent))
        cmd = [str(javac), "-cp", f"{lib}/*", "-d", str(scratch), str(source)]
        if subprocess.run(cmd, capture_output=True, check=False).returncode != 0:
            shutil.rmtree(scratch, ignore_errors=True)
            return None, str(source)
        try:
            scratch.rename(classes)
        except OSError:  # another process compiled it first: theirs is the same
            shutil.rmtree(scratch, ignore_errors=True)
    return str(classes), "Launcher"


def resolve_jars(apoc: bool = False) -> tuple[Path, Path | None]:
    """Return (lib folder, plugin folder or None), downloading with Maven on first use."""
    root = cache_dir() / f"neo4j-{NEO4J_VERSION}"
    lib = root / "lib"
    marker = lib / ".complete"
    if not marker.exists():
        _maven_copy(lib, profile=None)
        marker.write_text(NEO4J_VERSION)
    plugins: Path | None = None
    if apoc:
        plugins = root / "plugins"
        pmarker = plugins / ".complete"
        if not pmarker.exists():
            # apoc-core's procedures use types from apoc-common: both must be loaded.
            for artifact in ("apoc-core", "apoc-common"):
                _maven_copy_artifact(f"org.neo4j.procedure:{artifact}:{APOC_VERSION}", plugins)
            pmarker.write_text(APOC_VERSION)
    return lib, plugins


def _mvn() -> str:
    mvn = shutil.which("mvn")
    if not mvn:
        raise LocalNeo4jError(
            "Maven is not installed: it fetches the Neo4j jars once "
            "(`apt-get install maven`), then they are cached in " + str(cache_dir())
        )
    return mvn


def _maven_copy(dest: Path, profile: str | None) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    cmd = [
        _mvn(),
        "-B",
        "-q",
        "-f",
        str(RUNNER_DIR / "pom.xml"),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={dest}",
        "-DincludeScope=runtime",
        f"-Dneo4j.version={NEO4J_VERSION}",
    ]
    if profile:
        cmd.append(f"-P{profile}")
    _run_maven(cmd)


def _maven_copy_artifact(coords: str, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    _run_maven(
        [
            _mvn(),
            "-B",
            "-q",
            "dependency:copy",
            f"-Dartifact={coords}",
            f"-DoutputDirectory={dest}",
        ]
    )


def _run_maven(cmd: list[str]) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise LocalNeo4jError(f"Maven could not fetch the Neo4j jars:\n{tail}")


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie still answers kill(0); treat it as gone.
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.split(")")[-1].split()[0] == "Z":
            return False
    return True


def status(data_dir: Path) -> RunningNeo4j | None:
    state = data_dir / STATE_FILE
    if not state.exists():
        return None
    info = json.loads(state.read_text())
    running = RunningNeo4j(
        pid=int(info["pid"]),
        port=int(info["port"]),
        data_dir=data_dir,
        heap=str(info.get("heap", "2g")),
        pagecache=str(info.get("pagecache", "1g")),
        apoc=bool(info.get("apoc", False)),
    )
    if not _alive(running.pid):
        state.unlink(missing_ok=True)
        return None
    return running


def start(
    data_dir: Path,
    port: int = 7687,
    apoc: bool = False,
    heap: str = "2g",
    pagecache: str = "1g",
    timeout: float = 180.0,
    attached: bool = False,
) -> tuple[RunningNeo4j, subprocess.Popen[bytes]]:
    """Start Neo4j on 127.0.0.1:port with its store in data_dir and wait until Bolt answers.

    ``heap`` and ``pagecache`` may be ``"auto"``: sized from the machine and the store
    (``memory_for``), again at every start, so a store that grew gets more page cache.

    attached=True ties the JVM's life to the returned process's stdin pipe: when the caller
    exits, even by a crash, the JVM sees end-of-file and shuts down (used by the tests).
    """
    data_dir = data_dir.resolve()
    existing = status(data_dir)
    if existing:
        raise LocalNeo4jError(
            f"a local Neo4j already runs on this data folder ({existing.uri}, pid {existing.pid}); "
            f"use it, or stop it with `supportweb neo4j stop --data {data_dir}`"
        )
    if port_in_use(port):
        raise LocalNeo4jError(
            f"port {port} on 127.0.0.1 is in use: stop what listens there or pass --port"
        )
    java = _java()
    _check_java_version(java)
    lib, plugins = resolve_jars(apoc)
    data_dir.mkdir(parents=True, exist_ok=True)
    asked = {"heap": heap, "pagecache": pagecache}
    heap, pagecache = resolve_memory(data_dir, heap, pagecache)
    classpath = f"{lib}/*" + (f":{plugins}/*" if plugins else "")
    compiled, main = _launcher(java, lib)
    if compiled:
        classpath += ":" + compiled
    cmd = [
        java,
        f"-Xmx{heap}",
        "-XX:+UseG1GC",
        "-XX:+ExitOnOutOfMemoryError",
        "-cp",
        classpath,
        main,
        "--data",
        str(data_dir / "store"),
        "--port",
        str(port),
        "--pagecache",
        pagecache,
    ]
    if plugins:
        cmd += ["--plugins", str(plugins)]
    if attached:
        cmd.append("--stdin-watch")
    log_path = data_dir / LOG_FILE
    log: IO[bytes] = log_path.open("ab")
    offset = log.tell()
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.PIPE if attached else subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=not attached,
        cwd=data_dir,
    )
    log.close()
    _children[proc.pid] = proc
    running = RunningNeo4j(
        pid=proc.pid, port=port, data_dir=data_dir, heap=heap, pagecache=pagecache, apoc=apoc
    )
    # What was asked ("auto" included), so a restart sizes itself again.
    state = {"pid": proc.pid, "port": port, **asked, "apoc": apoc, "sized": [heap, pagecache]}
    (data_dir / STATE_FILE).write_text(json.dumps(state))
    try:
        _wait_ready(proc, log_path, offset, port, timeout)
    except BaseException:
        _terminate(proc.pid, 30.0)
        (data_dir / STATE_FILE).unlink(missing_ok=True)
        raise
    return running, proc


def _wait_ready(
    proc: subprocess.Popen[bytes], log_path: Path, offset: int, port: int, timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = _read_from(log_path, offset)
        if READY_MARK in text and port_in_use(port):
            return
        if proc.poll() is not None or FAILED_MARK in text:
            raise LocalNeo4jError(_explain_failure(text, log_path))
        time.sleep(0.2)
    raise LocalNeo4jError(f"Neo4j did not answer within {timeout:.0f}s; see {log_path}")


def _read_from(path: Path, offset: int) -> str:
    with path.open("rb") as f:
        f.seek(offset)
        return f.read().decode("utf-8", "replace")


def _explain_failure(text: str, log_path: Path) -> str:
    if "FileLockException" in text or "locked by another" in text.lower():
        return (
            "the Neo4j data folder is held by another process: stop that Neo4j "
            "or use another --data folder"
        )
    if "Address already in use" in text or "BindException" in text:
        return "the Bolt port is in use: pass another --port"
    if "UnsupportedClassVersionError" in text:
        return "this Java is too old for Neo4j 5.26: install JDK 17 or set JAVA_HOME"
    tail = "\n".join(text.strip().splitlines()[-8:])
    return f"Neo4j stopped while starting (log: {log_path}):\n{tail}"


def _terminate(pid: int, timeout: float) -> bool:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return True
    child = _children.get(pid)
    if child is not None:
        try:
            child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return False
        del _children[pid]
        return True
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.2)
    return False


def stop(data_dir: Path, timeout: float = 120.0) -> RunningNeo4j | None:
    """Stop the Neo4j running on data_dir cleanly (SIGTERM runs the JVM's shutdown hook)."""
    data_dir = data_dir.resolve()
    running = status(data_dir)
    if running is None:
        return None
    if not _terminate(running.pid, timeout):
        raise LocalNeo4jError(
            f"Neo4j (pid {running.pid}) did not stop within {timeout:.0f}s; "
            f"it may still be flushing: check {data_dir / LOG_FILE}"
        )
    (data_dir / STATE_FILE).unlink(missing_ok=True)
    return running
