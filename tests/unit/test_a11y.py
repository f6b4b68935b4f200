"""Every course view carries the keyboard guard, and the focus ring is wide and dark enough."""

from widgets.anatomy.view import CourseExplorer
from widgets.quizview import Quiz
from widgets.ui import a11y, style


def test_every_view_root_holds_a_keyboard_guard():
    for view in (CourseExplorer(), Quiz("00-start-here", save_progress=False)):
        guards = [c for c in view.root.children if isinstance(c, a11y.KeyboardGuard)]
        assert len(guards) == 1 and guards[0].layout.display == "none"
    assert a11y.SUPPRESS_ATTRIBUTE in a11y.KeyboardGuard._esm  # Lumino's supported opt-out


def test_focus_ring_is_at_least_2px_with_3_to_1_contrast_on_white():
    assert "outline: 3px solid" in style.CSS and style.FOCUS_RING in style.CSS
    channels = [int(style.FOCUS_RING[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    assert (1.0 + 0.05) / (luminance + 0.05) >= 3
