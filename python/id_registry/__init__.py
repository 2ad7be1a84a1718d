"""Ids that survive the next run: persistent person and network ids, and what changed.

Pure pandas. The dbt models read the registry as last published, call these functions,
and the publish step makes the new registry live together with the marts, so a failed
run leaves it as it was (``id_rules`` docs block).
"""

from id_registry.networks import (
    NETWORK_CHANGE_COLUMNS,
    NetworkIdAssignment,
    assign_network_ids,
    format_network_id,
)
from id_registry.persons import (
    PERSON_REGISTRY_COLUMNS,
    RECORD_REGISTRY_COLUMNS,
    PersonIdAssignment,
    assign_person_ids,
    empty_person_registry,
    empty_record_registry,
    resolve_ids,
)

__all__ = [
    "NETWORK_CHANGE_COLUMNS",
    "PERSON_REGISTRY_COLUMNS",
    "RECORD_REGISTRY_COLUMNS",
    "NetworkIdAssignment",
    "PersonIdAssignment",
    "assign_network_ids",
    "assign_person_ids",
    "empty_person_registry",
    "empty_record_registry",
    "format_network_id",
    "resolve_ids",
]
