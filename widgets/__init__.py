"""Interactive widgets and models for the hemifacial spasm course.

Sub-modules: evidence (the cited figures), quiz/quizview (question banks), style (palette and
presenter scale), face/faceplot (the shared schematic face), and one sub-package per lesson.
"""

__version__ = "0.1.0"
