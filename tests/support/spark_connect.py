"""A Spark Connect server for the tests: the one that ships with pyspark (its jars and
bin/spark-submit), started on a free port of 127.0.0.1, in local mode, with its warehouse (the
session catalog's tables) in a temporary folder; stopped with its whole process group."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

SERVER_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer"
START_SECONDS = 120  # a cold JVM on two shared cores


@dataclass
class SparkConnectServer:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        """Stop spark-submit and the JVM it started (one process group, ours)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def start_server(folder: Path) -> SparkConnectServer | str:
    """The running server, or why it could not start."""
    try:
        import pyspark
    except ImportError:
        return "pyspark is not installed (pip install 'segdsl[spark]')"
    spark_home = Path(pyspark.__file__).parent
    if not any((spark_home / "jars").glob("spark-connect_*.jar")):
        return f"this pyspark ({pyspark.__version__}) ships no Spark Connect server"
    port = _free_port()
    settings = {
        "spark.connect.grpc.binding.address": "127.0.0.1",
        "spark.connect.grpc.binding.port": str(port),
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.driver.host": "127.0.0.1",
        "spark.ui.enabled": "false",
        "spark.sql.shuffle.partitions": "1",
        # Tiny tables: compiling each query's code and re-planning it cost more than they save.
        "spark.sql.codegen.wholeStage": "false",
        "spark.sql.adaptive.enabled": "false",
        "spark.sql.catalogImplementation": "in-memory",
        "spark.sql.warehouse.dir": str(folder / "warehouse"),
        # Far from UTC on purpose: segdsl's sessions must not depend on it.
        "spark.sql.session.timeZone": "America/Los_Angeles",
    }
    command = [str(spark_home / "bin" / "spark-submit"), "--class", SERVER_CLASS]
    command += ["--master", "local[2]", "--name", "segdsl-tests"]
    for key, value in settings.items():
        command += ["--conf", f"{key}={value}"]
    log = folder / "spark-connect.log"
    env = {**os.environ, "SPARK_HOME": str(spark_home), "SPARK_LOCAL_IP": "127.0.0.1"}
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=folder,
            env=env,
            start_new_session=True,  # its own process group, stopped as one
        )
    server = SparkConnectServer(f"sc://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace").strip().splitlines()[-5:]
            return "the Spark Connect server stopped: " + " | ".join(tail)
        if _accepts(port):
            return server
        time.sleep(0.5)
    server.stop()
    return f"the Spark Connect server did not listen within {START_SECONDS} s"
