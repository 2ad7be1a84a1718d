"""The project's interface contracts (``contract/``): raw sources, output marts, references.

Known to the generator, the loader and the contract check alike; imports nothing
of theirs.
"""

from cse_contract.manifest import (
    MANIFEST_NAME,
    Manifest,
    ManifestEntry,
    read_manifest,
    sha256_file,
    write_manifest,
)
from cse_contract.spec import (
    ARROW_TYPES,
    ColumnSpec,
    ContractError,
    TableSpec,
    arrow_schema,
    contract_dir,
    load_contract,
    offence_codes_path,
    read_contract_file,
)

__all__ = [
    "ARROW_TYPES",
    "MANIFEST_NAME",
    "ColumnSpec",
    "ContractError",
    "Manifest",
    "ManifestEntry",
    "TableSpec",
    "arrow_schema",
    "contract_dir",
    "load_contract",
    "offence_codes_path",
    "read_contract_file",
    "read_manifest",
    "sha256_file",
    "write_manifest",
]
