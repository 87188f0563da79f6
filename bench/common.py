"""What the benchmarks share: printing, checks that `python -O` keeps, a database of their own
on the local PostgreSQL, and a free port. Imported as `common` (the scripts run from bench/)."""

import contextlib
import socket

import psycopg2

SERVER = "postgres://postgres@127.0.0.1:5432"


def log(message: str) -> None:
    print(message, flush=True)


class BenchmarkError(Exception):
    pass


def check(condition, message) -> None:
    """An assertion that `python -O` cannot strip."""
    if not condition:
        raise BenchmarkError(message)


def admin_connection():
    connection = psycopg2.connect(f"{SERVER}/postgres")
    connection.autocommit = True
    return connection


def create_database(name: str) -> None:
    with contextlib.closing(admin_connection()) as connection, connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {name}")


def drop_database(name: str) -> None:
    with contextlib.closing(admin_connection()) as connection, connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
