"""Running the server: one uvicorn process, or several sharing one port.

uvloop and httptools (uvicorn's fast event loop and HTTP parser) are used when present.
With ``workers`` > 1 each worker process binds its own socket to the port with
SO_REUSEPORT, so the kernel spreads new connections evenly over them (uvicorn's own
``--workers`` shares one listening socket, where whichever worker wakes first takes the
connection and the load lands unevenly). The parent supervises: it stops every worker on
Ctrl-C or SIGTERM, and restarts a worker that dies, at most ``MAX_RESTARTS`` times.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.util
import multiprocessing
import signal
import socket
import sys
import time
from typing import Any

from supportweb.settings import Settings

MAX_RESTARTS = 5


def _loop_options() -> dict[str, Any]:
    options: dict[str, Any] = {}
    if importlib.util.find_spec("uvloop"):
        options["loop"] = "uvloop"
    if importlib.util.find_spec("httptools"):
        options["http"] = "httptools"
    return options


def _config(settings: Settings, **extra: Any) -> Any:
    import uvicorn

    from supportweb.app import create_app

    app = create_app(settings)
    # What is built by now (modules, the schema, graphql-core's types: ~180,000 objects)
    # lives as long as the process. Frozen, the collector's full passes no longer walk it:
    # each paused the event loop ~100 ms (about once per 1,300 one-person requests, every
    # request waiting behind it: the p99), and 3 ms frozen (measured with gc.callbacks).
    gc.freeze()
    return uvicorn.Config(
        app,
        log_level="info",
        access_log=settings.access_log,
        lifespan="on",
        **_loop_options(),
        **extra,
    )


def serve(settings: Settings, host: str, port: int, workers: int = 1) -> None:
    if workers < 1:
        raise ValueError("workers must be 1 or more")
    if workers == 1:
        import uvicorn

        uvicorn.Server(_config(settings, host=host, port=port)).run()
        return
    if not hasattr(socket, "SO_REUSEPORT"):
        raise RuntimeError("this system has no SO_REUSEPORT: run with --workers 1")
    spawn = multiprocessing.get_context("spawn")
    procs = [_start(spawn, settings, host, port) for _ in range(workers)]
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    restarts = 0
    try:
        while not stopping:
            for i, proc in enumerate(procs):
                if proc.is_alive() or stopping:
                    continue
                if restarts >= MAX_RESTARTS:
                    print(f"supportweb: worker {i} keeps dying; stopping", file=sys.stderr)
                    stopping = True
                    break
                restarts += 1
                print(f"supportweb: worker {i} exited ({proc.exitcode}); restarting", flush=True)
                procs[i] = _start(spawn, settings, host, port)
            time.sleep(0.5)
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        for proc in procs:
            proc.join(timeout=30)
            if proc.is_alive():
                proc.kill()


def _start(spawn: Any, settings: Settings, host: str, port: int) -> Any:
    proc = spawn.Process(target=_worker, args=(settings, host, port), daemon=False)
    proc.start()
    return proc


def _worker(settings: Settings, host: str, port: int) -> None:
    import uvicorn

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.Server(_config(settings)).run(sockets=[sock])
