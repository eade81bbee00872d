"""Seed Amazon, its position pick-list and the topic taxonomy. Idempotent (update_or_create)."""
from django.db import migrations

AMAZON_DESCRIPTION = (
    "Amazon builds the online store, AWS, devices, logistics and a long tail of internal services, "
    "and it runs its engineering organisation on the 16 Leadership Principles. Reviews, OLR "
    "calibration, Focus and Pivot, promotion documents and back-loaded stock all follow rules of "
    "their own. Taro collects guides to how those processes work and a forum where Amazon "
    "engineers at every level compare notes."
)

# (title, level, track, rank). Levels are what anonymous posts show, so keep them short.
AMAZON_POSITIONS = [
    ("Software Development Engineer Intern", "Intern", "engineering", 10),
    ("Entry-Level Software Engineer", "SDE 1", "engineering", 20),
    ("Mid-Level Software Engineer", "SDE 2", "engineering", 30),
    ("Senior Software Engineer", "SDE 3", "engineering", 40),
    ("Principal Software Engineer", "L7", "engineering", 50),
    ("Senior Principal Software Engineer", "L8", "engineering", 60),
    ("Software Development Manager", "SDM 1", "management", 70),
    ("Senior Software Development Manager", "SDM 2", "management", 80),
    ("Director of Software Development", "SDM 3", "management", 90),
    ("Technical Program Manager", "TPM", "program", 100),
    ("Product Manager", "PM", "product", 110),
    ("Other role", "", "other", 200),
]

TOPICS = [
    ("performance-review", "Performance review",
     "How Amazon's yearly review works: self, manager and peer feedback, the Leadership Principles, and how calibration turns it into a rating."),
    ("promotion", "Promotion",
     "Getting to the next level: scope, the promotion document, peer feedback and what tends to block a case."),
    ("pip", "PIP and Pivot",
     "Focus, Pivot and performance improvement plans: what each stage means and how people get through them."),
    ("compensation", "Compensation",
     "Base pay, back-loaded RSU vesting, sign-on bonuses, refreshers and how ratings move total compensation."),
    ("leadership-principles", "Leadership Principles",
     "The 16 principles Amazon hires and reviews against, and what they look like in an engineer's day-to-day work."),
    ("career-growth", "Career growth",
     "Getting better at the job: scope, visibility, mentorship and choosing the work that grows you."),
    ("job-search", "Job search",
     "Looking for the next role, inside Amazon or outside it: resumes, referrals, timing and offers."),
    ("layoffs", "Layoffs",
     "Reductions in force, severance, what to do in the first weeks after, and how to talk about a gap."),
    ("interviewing", "Interviewing",
     "Loops, bar raisers, behavioural questions on the principles, and system design at each level."),
    ("work-life", "Work-life balance",
     "On-call, hours, return to office, burnout and keeping a life outside work."),
    ("management", "Management",
     "Working with your manager, becoming one, and what engineering managers are judged on."),
    ("tools-and-tech", "Tools and tech",
     "Internal tooling, legacy systems, AWS services and how the technology you touch shapes your impact."),
]


def seed(apps, schema_editor):
    Company = apps.get_model("taro", "Company")
    Position = apps.get_model("taro", "Position")
    Topic = apps.get_model("taro", "Topic")
    amazon, _ = Company.objects.update_or_create(
        slug="amazon", defaults={"name": "Amazon", "description": AMAZON_DESCRIPTION, "email_domain": "amazon.com"},
    )
    for title, level, track, rank in AMAZON_POSITIONS:
        Position.objects.update_or_create(
            company=amazon, title=title, level=level, defaults={"track": track, "rank": rank},
        )
    for order, (slug, name, about) in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(slug=slug, defaults={"name": name, "about": about, "order": order})


class Migration(migrations.Migration):
    dependencies = [("taro", "0001_identity_and_taxonomy")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
