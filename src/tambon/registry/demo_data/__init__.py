"""Demo data of the registry: households in every demo officer's sub-district and across the
demo provinces, their members with realistic Thai names, valid (encrypted) national IDs and
target groups, consents, needs assessments scored with the 4S mapping, and a controlled share
of planted duplicates with typos, swapped fields and missing IDs (see perturb.py).

Importing this package registers its generators, `registry.households` and
`registry.volunteers` (households given to the demo volunteers to look after).
"""

from tambon.registry.demo_data import generate, perturb, volunteers
from tambon.registry.demo_data.plan import RegistryPlan, iter_plans, plan_registry

__all__ = ["RegistryPlan", "generate", "iter_plans", "perturb", "plan_registry", "volunteers"]
