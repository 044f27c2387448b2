"""Every setting Supportweb reads, from the environment, in one place (SPEC §7)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from enum import Enum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graphdb.driver import Neo4jConfig
from resolvers.auth import TokenKeys
from resolvers.programs.settings import ProgramSettings, utc_now

DEV_SECRET = "dev-only-secret-set-SUPPORTWEB_SECRET-in-production"


class Mode(str, Enum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    # Neo4j (SPEC §2). No URI means "use the local Neo4j that `supportweb up` starts".
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    neo4j_query_timeout_s: float = Field(default=30.0, gt=0)
    # Failing fast when Neo4j is away (docs/reliability.md): a TCP connect, the wait for a
    # free pooled connection, and the driver's retries of a transient failure are each
    # bounded, so a request while Neo4j is down is UNAVAILABLE in under two seconds.
    neo4j_connection_timeout_s: float = Field(default=2.0, gt=0)
    neo4j_acquisition_timeout_s: float = Field(default=5.0, gt=0)
    neo4j_max_retry_s: float = Field(default=1.0, ge=0)
    neo4j_retry_delay_s: float = Field(default=0.1, gt=0)
    # Deadlock victims are retried for longer: that wait buys an answer.
    neo4j_contention_retry_s: float = Field(default=5.0, ge=0)
    neo4j_pool_size: int = Field(default=50, ge=1)

    supportweb_secret: str = DEV_SECRET
    # An RS256 public key (PEM) to verify tokens from the institution's identity provider.
    supportweb_jwt_public_key_file: Path | None = None
    supportweb_mode: Mode = Mode.DEVELOPMENT
    # A line per HTTP request on standard output (uvicorn's access log). Unset: on in
    # development, off in production, where every request path is /graphql (the line says
    # little), the audit trail says who read and wrote what, and the line costs the one
    # process 0.1-0.4 ms a request (docs/benchmarks.md): log requests at the proxy.
    supportweb_access_log: bool | None = None

    # The local Neo4j of `supportweb neo4j start` and `supportweb up`.
    supportweb_data_dir: Path = Path(".neo4j")
    supportweb_neo4j_port: int = 7687
    # "auto": sized from the machine and the store at every start (graphdb.local.neo4j).
    supportweb_neo4j_heap: str = "auto"
    supportweb_neo4j_pagecache: str = "auto"

    # Request limits: every GraphQL request is bounded in shape and size.
    supportweb_max_depth: int = Field(default=10, ge=2)
    supportweb_max_aliases: int = Field(default=30, ge=1)
    supportweb_max_tokens: int = Field(default=2000, ge=50)
    supportweb_max_body_bytes: int = Field(default=256 * 1024, ge=1024)
    # A body that has not arrived this long after its request began is refused (408).
    supportweb_body_timeout_s: float = Field(default=10.0, gt=0)
    supportweb_rate_per_minute: int = Field(default=600, ge=1)
    supportweb_rate_burst: int = Field(default=120, ge=1)
    # The most one operation may cost (schema/cost.py): objects it may return, and work.
    supportweb_max_cost: int = Field(default=50_000, ge=100)
    # One deadline for all the statements of a request (each also has NEO4J_QUERY_TIMEOUT_S).
    supportweb_request_timeout_s: float = Field(default=30.0, gt=0)
    supportweb_admin_max_cost: int = Field(default=500_000, ge=100)

    # `supportweb import`: up to this many rows are written in one transaction (all or
    # nothing); more are written in batches of this size, one transaction each, resumable
    # (docs/import.md).
    supportweb_import_single_tx_rows: int = Field(default=50_000, ge=1)
    supportweb_import_batch_rows: int = Field(default=5_000, ge=1)

    # Keys researchers' pseudonyms and the audit's subject keys; apart from the token secret.
    supportweb_pseudonym_key: str | None = None

    # Mentorship requests (SPEC §8): how many a mentee may have pending, and for how long.
    supportweb_max_pending_requests: int = Field(default=5, ge=1)
    supportweb_request_ttl_days: int = Field(default=14, ge=1)

    def neo4j(self, uri: str | None = None) -> Neo4jConfig:
        resolved = uri or self.neo4j_uri or f"bolt://127.0.0.1:{self.supportweb_neo4j_port}"
        return Neo4jConfig(
            uri=resolved,
            user=self.neo4j_user,
            password=self.neo4j_password,
            database=self.neo4j_database,
            query_timeout_s=self.neo4j_query_timeout_s,
            connection_timeout_s=self.neo4j_connection_timeout_s,
            acquisition_timeout_s=self.neo4j_acquisition_timeout_s,
            max_retry_s=self.neo4j_max_retry_s,
            retry_delay_s=self.neo4j_retry_delay_s,
            contention_retry_s=self.neo4j_contention_retry_s,
            pool_size=self.neo4j_pool_size,
        )

    def pseudonym_key(self) -> str:
        """SUPPORTWEB_PSEUDONYM_KEY, or in development one derived from the token secret."""
        if self.supportweb_pseudonym_key:
            return self.supportweb_pseudonym_key
        return hashlib.sha256(
            b"supportweb pseudonyms\x1f" + self.supportweb_secret.encode()
        ).hexdigest()

    def programs(self, clock: Callable[[], dt.datetime] = utc_now) -> ProgramSettings:
        """The request limits, passed down to the resolvers with the clock they stamp by."""
        return ProgramSettings(
            max_pending=self.supportweb_max_pending_requests,
            ttl_days=self.supportweb_request_ttl_days,
            clock=clock,
        )

    def token_keys(self) -> TokenKeys:
        return TokenKeys(self.supportweb_secret, self.supportweb_jwt_public_key_file)

    @property
    def production(self) -> bool:
        return self.supportweb_mode is Mode.PRODUCTION

    @property
    def access_log(self) -> bool:
        if self.supportweb_access_log is not None:
            return self.supportweb_access_log
        return not self.production

    @model_validator(mode="after")
    def _production_needs_a_secret(self) -> Settings:
        if self.production and (
            self.supportweb_secret == DEV_SECRET or len(self.supportweb_secret) < 32
        ):
            raise ValueError(
                "SUPPORTWEB_SECRET must be set to a random value of 32+ characters in production"
            )
        if self.production:
            key = self.supportweb_pseudonym_key
            if not key or len(key) < 32 or key == self.supportweb_secret:
                raise ValueError(
                    "SUPPORTWEB_PSEUDONYM_KEY must be set in production: a random value of 32+ "
                    "characters, different from SUPPORTWEB_SECRET"
                )
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
