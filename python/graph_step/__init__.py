"""Graph step: components, networks, centralities, brokerage and key players.

Pure pandas / igraph; only :mod:`graph_step.spark_io` touches Spark (imported lazily).
"""

from graph_step.analyse import GraphResult, analyse_component, analyse_graph, network_partition
from graph_step.communities import as_node_clustering
from graph_step.params import GraphParams
from graph_step.schema import (
    ALGORITHM,
    BRIDGE_SCHEMA,
    KEY_PLAYER_SCHEMA,
    NETWORK_SCHEMA,
    PERSON_COLUMNS,
    PERSON_SCHEMA,
)

__all__ = [
    "ALGORITHM",
    "BRIDGE_SCHEMA",
    "KEY_PLAYER_SCHEMA",
    "NETWORK_SCHEMA",
    "PERSON_COLUMNS",
    "PERSON_SCHEMA",
    "GraphParams",
    "GraphResult",
    "analyse_component",
    "analyse_graph",
    "as_node_clustering",
    "network_partition",
]
