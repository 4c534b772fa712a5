"""Demo data of Shift and Share training: three courses; the 2021 facilitator cohorts 1 (Surat
Thani, 9 March), 2 (Khon Kaen, 24 March) and 3 (Chiang Mai, 29–31 March) with their trainees,
attendance, tests, surveys, certificates and facilitators; the workshops those facilitators ran;
and an upcoming cohort taking nominations.

Every cohort is made whole the first time and left alone afterwards, so a second run creates
nothing; everything is bulk-created. Importing this package registers its three generators.
"""

from tambon.training.demo_data import cohorts, courses, workshops
from tambon.training.demo_data.courses import (
    FACILITATOR_COURSE,
    MENTOR_COURSE,
    REFRESHER_COURSE,
)

__all__ = [
    "FACILITATOR_COURSE",
    "MENTOR_COURSE",
    "REFRESHER_COURSE",
    "cohorts",
    "courses",
    "workshops",
]
