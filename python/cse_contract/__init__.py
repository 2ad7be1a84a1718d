"""The project's interface contracts (``contract/``): raw sources, output marts, references.

Known to the generator, the loader and the contract check alike; imports nothing
of theirs.

Re-exports the public names of ``manifest`` and ``spec``: each module's own
``__all__`` is the one list of its names.
"""

from cse_contract import manifest, spec
from cse_contract.manifest import *  # noqa: F403
from cse_contract.spec import *  # noqa: F403

__all__ = [*manifest.__all__, *spec.__all__]
