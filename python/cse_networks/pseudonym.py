"""The pseudonymous ids (person ids, identifier ids) and their secret key.

One definition, used by the dbt Python models that compute the ids (and by the
persistent id registry): a person id is ``'P'`` followed by the first 16 hex
digits of HMAC-SHA256(key, anchor record id); an identifier id is the identifier
type, ``':'`` and the first 16 hex digits of HMAC-SHA256(key, identifier value).
Without the key nobody can recompute an id from a record id or a phone number.

The key is read in the driver process only, from exactly one of:

- the secret environment variable ``DBT_ENV_SECRET_CSE_PERSON_ID_KEY`` (dbt
  scrubs ``DBT_ENV_SECRET_`` values from its logs), or
- the file named by ``CSE_PERSON_ID_KEY_FILE`` (the usual mount of a secret
  store; trailing line breaks are ignored).

It never enters a Spark conf, SQL text, a query plan or a dbt artefact: the
Spark functions (:mod:`cse_networks.pseudonym_spark`) carry it to the executors
inside the function closure. A key must be at least 32 bytes. Only a target
that allows it (``person_id_key_policy: development_key_allowed`` in
``profiles.yml``, the ``local`` target) falls back to
:data:`PUBLIC_DEVELOPMENT_KEY` when no key is supplied; that key is public
(it is in this file) and fit for synthetic data only.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "ENV_VAR",
    "FILE_ENV_VAR",
    "MIN_KEY_BYTES",
    "POLICIES",
    "PUBLIC_DEVELOPMENT_KEY",
    "PersonIdKey",
    "PersonIdKeyError",
    "identifier_id",
    "key_check_value",
    "load_key",
    "person_id",
]

ENV_VAR = "DBT_ENV_SECRET_CSE_PERSON_ID_KEY"
FILE_ENV_VAR = "CSE_PERSON_ID_KEY_FILE"
MIN_KEY_BYTES = 32
# PUBLIC: written here for anyone to read. Synthetic data only, never real records.
PUBLIC_DEVELOPMENT_KEY = b"cse-networks PUBLIC development key - synthetic data only"
REQUIRED = "required"
DEVELOPMENT_KEY_ALLOWED = "development_key_allowed"
POLICIES = (REQUIRED, DEVELOPMENT_KEY_ALLOWED)

# Where the key of a run came from (rpt_run_audit.person_id_key_source).
SOURCE_ENVIRONMENT = "ENVIRONMENT"
SOURCE_FILE = "SECRET_FILE"
SOURCE_PUBLIC = "PUBLIC_DEVELOPMENT_KEY"

_ID_HEX_DIGITS = 16
_CHECK_MESSAGE = b"cse-networks person id key check"


class PersonIdKeyError(RuntimeError):
    """The key is missing, too short or ambiguous: one line, never the key itself."""


@dataclass(frozen=True)
class PersonIdKey:
    """A loaded key: the secret bytes (never printed) and where they came from."""

    secret: bytes = field(repr=False)
    source: str

    @property
    def is_public_development_key(self) -> bool:
        return self.source == SOURCE_PUBLIC

    @property
    def check_value(self) -> str:
        """Key check value: identifies the key (rotation, audit) without revealing it."""
        return key_check_value(self.secret)


def key_check_value(secret: bytes) -> str:
    """16 hex digits of HMAC-SHA256(key, a fixed public message).

    Anyone holding the key can recompute it; it tells nothing about the key, so it
    is safe in ``rpt_run_audit`` and in logs.
    """
    return hmac.new(secret, _CHECK_MESSAGE, hashlib.sha256).hexdigest()[:_ID_HEX_DIGITS]


def _digest(secret: bytes, message: str) -> str:
    return hmac.new(secret, message.encode("utf-8"), hashlib.sha256).hexdigest()[:_ID_HEX_DIGITS]


def person_id(anchor_record_id: str, secret: bytes) -> str:
    """The pseudonymous id of a person: ``'P'`` + 16 hex digits of HMAC-SHA256(key, anchor).

    Parameters
    ----------
    anchor_record_id : str
        The anchor record of the person's cluster (its smallest record id).
    secret : bytes
        The key (:attr:`PersonIdKey.secret`).
    """
    return "P" + _digest(secret, anchor_record_id)


def identifier_id(identifier_type: str, identifier_value: str, secret: bytes) -> str:
    """The pseudonymous id of an identifier: ``type:`` + 16 hex digits of HMAC(key, value)."""
    return f"{identifier_type}:{_digest(secret, identifier_value)}"


def _from_file(path_text: str) -> bytes:
    path = Path(path_text)
    try:
        secret = path.read_bytes()
    except OSError as exc:
        raise PersonIdKeyError(
            f"person id key: cannot read the key file named by {FILE_ENV_VAR} "
            f"({path}): {exc.strerror or type(exc).__name__}"
        ) from None
    return secret.rstrip(b"\r\n")


def load_key(policy: str = REQUIRED, environ: Mapping[str, str] | None = None) -> PersonIdKey:
    """Read the key from the environment variable or the key file, fail closed.

    Parameters
    ----------
    policy : str
        ``required`` (every target but ``local``): no key is an error.
        ``development_key_allowed`` (the ``local`` target): no key means
        :data:`PUBLIC_DEVELOPMENT_KEY`.
    environ : Mapping[str, str], optional
        The environment (default ``os.environ``).

    Raises
    ------
    PersonIdKeyError
        Unknown policy; both sources set; key file unreadable; no key under
        ``required``; a supplied key shorter than :data:`MIN_KEY_BYTES` bytes.
    """
    if policy not in POLICIES:
        raise PersonIdKeyError(
            f"person id key: unknown person_id_key_policy {policy!r} in profiles.yml "
            f"(one of {', '.join(POLICIES)})"
        )
    env = os.environ if environ is None else environ
    from_env, from_file = env.get(ENV_VAR, ""), env.get(FILE_ENV_VAR, "")
    if from_env and from_file:
        raise PersonIdKeyError(
            f"person id key: both {ENV_VAR} and {FILE_ENV_VAR} are set; set exactly one"
        )
    if from_env:
        key = PersonIdKey(from_env.encode("utf-8"), SOURCE_ENVIRONMENT)
    elif from_file:
        key = PersonIdKey(_from_file(from_file), SOURCE_FILE)
    elif policy == DEVELOPMENT_KEY_ALLOWED:
        return PersonIdKey(PUBLIC_DEVELOPMENT_KEY, SOURCE_PUBLIC)
    else:
        raise PersonIdKeyError(
            f"person id key: this target requires the force's key; set {ENV_VAR} or "
            f"{FILE_ENV_VAR} (a file holding the key), at least {MIN_KEY_BYTES} bytes"
        )
    if len(key.secret) < MIN_KEY_BYTES:
        where = ENV_VAR if key.source == SOURCE_ENVIRONMENT else FILE_ENV_VAR
        raise PersonIdKeyError(
            f"person id key from {where} is {len(key.secret)} bytes; "
            f"at least {MIN_KEY_BYTES} bytes are required"
        )
    if key.secret == PUBLIC_DEVELOPMENT_KEY and policy == REQUIRED:
        raise PersonIdKeyError(
            "person id key: the public development key cannot key real records; "
            "supply the force's key"
        )
    return key
