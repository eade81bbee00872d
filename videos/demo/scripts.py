"""The demo lessons' scripts: one source for the narration (espeak-ng), the slides (ffmpeg), the
captions and the chapters, so the captions say exactly what is spoken.

Careful wording: these are career facts. Claims stay general and hedged ("has been reported"),
with no numbers we could not stand behind. Each lesson runs 60–120 s (a test checks).
Each chapter: a title, the slide's bullet lines, and the sentences spoken over it (one caption
cue per sentence, so keep sentences short).
"""

from typing import Any

LESSONS: list[dict[str, Any]] = [
    {
        "slug": "olr-ratings-in-brief",
        "title": "The OLR ratings in brief",
        "summary": "What happens in Amazon's Organization and Leadership Review, why managers "
        "calibrate ratings, and what you can do months before it.",
        "topics": ["performance-review"],
        "related": [
            {"title": "Guide: OLR ratings", "url": "/guides/performance-review/#olr-ratings"},
            {"title": "Guide: Peer feedback", "url": "/guides/performance-review/#peer-feedback"},
        ],
        "chapters": [
            {
                "title": "What OLR is",
                "bullets": ["A review meeting of managers", "Your rating is usually settled here"],
                "sentences": [
                    "Amazon's Organization and Leadership Review, often called O L R, "
                    "is where your rating is usually settled.",
                    "It is a meeting of managers, not a conversation with you.",
                    "Your manager brings a proposed rating and a short write-up of your year.",
                ],
            },
            {
                "title": "Calibration",
                "bullets": ["Engineers at one level, compared across teams", "Ratings can move"],
                "sentences": [
                    "In the room, managers compare engineers at the same level across teams.",
                    "This is called calibration.",
                    "The aim is that a given rating means the same thing on every team.",
                    "Ratings can move up or down from what your manager proposed.",
                    "It has been widely reported that the process aims for "
                    "a rough spread of ratings.",
                ],
            },
            {
                "title": "What you are shown",
                "bullets": ["A simpler label than the room's", "Ask what evidence was weighed"],
                "sentences": [
                    "Afterwards, you usually see a simpler label "
                    "than the one discussed in the room.",
                    "Reports suggest the detail behind that label "
                    "can affect pay and promotion timing.",
                    "If your label surprises you, ask your manager what evidence the room weighed.",
                ],
            },
            {
                "title": "What you can do",
                "bullets": ["Keep a work log", "Make your impact easy to explain", "Ask early"],
                "sentences": [
                    "Most of the material used in the review is written months before the meeting.",
                    "Keep a work log of what you shipped and why it mattered.",
                    "Make your impact easy to explain to people who have never met you.",
                    "Ask for feedback early, so there are no surprises at review time.",
                    "Practices change between organizations and years, "
                    "so check what applies to yours.",
                ],
            },
        ],
    },
    {
        "slug": "focus-pivot-pip-options",
        "title": "Focus, Pivot, PIP and your options",
        "summary": "The performance management stages engineers report at Amazon, the choice "
        "Pivot is reported to offer, and how to look after yourself.",
        "topics": ["pip"],
        "related": [
            {"title": "Guide: Focus, Pivot, PIP", "url": "/guides/pip/#focus-pivot-pip"},
            {"title": "Guide: Choosing at Pivot", "url": "/guides/pip/#choosing-at-pivot"},
        ],
        "chapters": [
            {
                "title": "Focus",
                "bullets": ["An early, often informal stage", "More scrutiny, more check-ins"],
                "sentences": [
                    "Focus, Pivot and PIP are names engineers use "
                    "for Amazon's performance management stages.",
                    "Focus is reported to be an early, often informal, stage.",
                    "You may not be told you are in Focus.",
                    "The signs are more scrutiny and more frequent check-ins.",
                    "If that happens, ask your manager directly where you stand.",
                ],
            },
            {
                "title": "Pivot and your options",
                "bullets": ["Leave with a severance payment", "Or stay on an improvement plan"],
                "sentences": [
                    "Pivot is the formal stage, and it is reported to come with a choice.",
                    "One option is to leave with a severance payment.",
                    "Another is to stay and work through an improvement plan, "
                    "with set goals and a deadline.",
                    "Many accounts also describe an appeal, heard outside your management chain.",
                    "Amounts and deadlines vary, so read the written offer carefully.",
                ],
            },
            {
                "title": "The PIP",
                "bullets": ["Goals in writing", "Dated notes of every meeting"],
                "sentences": [
                    "A performance improvement plan, or PIP, "
                    "lists goals to meet in a fixed period.",
                    "Ask for each goal in writing, with what done looks like.",
                    "Keep dated notes of your progress and of every meeting.",
                ],
            },
            {
                "title": "Looking after yourself",
                "bullets": ["No need to decide on the day", "Get independent advice"],
                "sentences": [
                    "Whatever you choose, you do not have to decide on the day you are told.",
                    "Consider talking to an employment lawyer before you sign anything.",
                    "And remember: a stage in a process is not a verdict on your worth.",
                ],
            },
        ],
    },
    {
        "slug": "build-a-promotion-case",
        "title": "How to build a promotion case",
        "summary": "A work log kept as you go, evidence reviewers can check, and feedback "
        "providers who saw your work: the parts of a promotion case.",
        "topics": ["promotion", "career-growth"],
        "related": [
            {"title": "Guide: The promotion document", "url": "/guides/promotion/"},
            {
                "title": "Guide: Build the paper trail as you go",
                "url": "/guides/promotion/#build-the-paper-trail-as-you-go",
            },
        ],
        "chapters": [
            {
                "title": "The work log",
                "bullets": ["Written weekly", "What you shipped, decided and changed"],
                "sentences": [
                    "A promotion at Amazon is usually decided from a written document.",
                    "The strongest documents are built from a work log kept as you go.",
                    "Each week, note what you shipped, what you decided, "
                    "and what changed because of it.",
                    "Write it while the details are fresh.",
                    "Months later, you will not remember them.",
                ],
            },
            {
                "title": "Evidence",
                "bullets": ["Claims reviewers can check", "Scope and the Leadership Principles"],
                "sentences": [
                    "Reviewers look for evidence that you already work at the next level.",
                    "Link each claim to something they can check, "
                    "such as a design document or a launch.",
                    "Show scope: how many teams or customers your work touched.",
                    "Tie your examples to the Leadership Principles.",
                ],
            },
            {
                "title": "Feedback providers",
                "bullets": ["People who saw your work closely", "Asked early, briefed well"],
                "sentences": [
                    "The document is usually supported by feedback from colleagues.",
                    "Choose feedback providers who saw your work closely.",
                    "Include some at or above the level you are aiming for.",
                    "Ask them early, and send a short summary of the projects to speak to.",
                ],
            },
            {
                "title": "Putting it together",
                "bullets": ["Agree the gaps first", "A clear story with evidence"],
                "sentences": [
                    "Agree the gaps with your manager before the cycle starts.",
                    "Then turn your log into a clear story, with evidence and quotes.",
                    "A good case makes it easy for people who do not know you to say yes.",
                ],
            },
        ],
    },
]
