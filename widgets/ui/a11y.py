"""Keyboard ownership: while a course widget has focus, its keys are its own.

JupyterLab's command-mode shortcuts (m, y, a, b, d d, the arrow keys…) are Lumino key bindings
matched by walking up from the event's target; the walk stops at an element carrying
`data-lm-suppress-shortcuts` (Lumino's supported opt-out, used by JupyterLab's own shortcut editor).
Each view puts this small widget inside its root; in the browser it marks the view's root with that
attribute, so arrows change a dropdown, a radio group or a quiz option and no letter edits the notebook.
Outside JupyterLab (Voilà, the static site) there are no such bindings and the attribute is inert.
"""

from __future__ import annotations

import anywidget
import ipywidgets as ipw

SUPPRESS_ATTRIBUTE = "data-lm-suppress-shortcuts"


class KeyboardGuard(anywidget.AnyWidget):
    # Lumino tests each element from the event's target upwards and stops at the attribute, but a binding
    # such as `.jp-Notebook.jp-mod-commandMode :focus` matches the focused control itself, so the attribute
    # goes on every focusable element of the view (and on ones the view adds later), not just on its root.
    # The view's root may not be in the page yet when this renders: look again on the next frames (≤ 5 s).
    _esm = (
        """
    const ATTRIBUTE = "%s";
    const FOCUSABLE = "select, input, button, textarea, [tabindex], [contenteditable]";
    function markAll(node) {
      if (!(node instanceof Element)) return;
      if (node.matches(FOCUSABLE)) node.setAttribute(ATTRIBUTE, "true");
      node.querySelectorAll(FOCUSABLE).forEach((el) => el.setAttribute(ATTRIBUTE, "true"));
    }
    function render({ el }) {
      let frames = 0, observer = null;
      const start = () => {
        const root = el.closest(".hfs-view");
        if (!root) { if (++frames < 300) requestAnimationFrame(start); return; }
        root.setAttribute(ATTRIBUTE, "true");
        markAll(root);
        observer = new MutationObserver((changes) => changes.forEach((c) => c.addedNodes.forEach(markAll)));
        observer.observe(root, { childList: true, subtree: true });
      };
      start();
      return () => observer && observer.disconnect();
    }
    export default { render };
    """
        % SUPPRESS_ATTRIBUTE
    )

    def __init__(self, **kwargs):
        super().__init__(layout=ipw.Layout(display="none"), **kwargs)


class ControlNames(anywidget.AnyWidget):
    """Gives the slider handles and Play buttons of its view accessible names.

    ipywidgets draws a slider's handle as a div with role="slider" without tying the description
    label to it (axe: aria-input-field-name), and Play's buttons hold only an icon (axe: button-name),
    so a screen reader announces unnamed controls. This invisible helper, placed in a view, names
    them; a MutationObserver re-applies the names when JupyterLab re-renders a cell. Inline script
    only: nothing is fetched.
    """

    _esm = """
    function render({ el }) {
      el.style.display = "none";
      let observer = null;
      const name = (node, text) => {
        if (text && node.getAttribute("aria-label") !== text) { node.setAttribute("aria-label", text); node.title = text; }
      };
      const apply = (root) => {
        root.querySelectorAll(".widget-slider .noUi-handle[role='slider']").forEach((handle) => {
          const label = handle.closest(".widget-slider").querySelector(".widget-label");
          name(handle, label ? label.textContent.trim().replace(/:$/, "") : "");
        });
        root.querySelectorAll(".widget-play").forEach((play) => {
          const [toggle, stop, repeat] = play.querySelectorAll("button");
          name(toggle, "Play or pause");
          name(stop, "Stop and go back to the start");
          if (repeat) name(repeat, "Repeat");
        });
      };
      let tries = 0;
      const attach = () => {
        const root = el.closest(".hfs-view");
        if (!root) { if (tries++ < 100) requestAnimationFrame(attach); return; }
        apply(root);
        observer = new MutationObserver(() => apply(root));
        observer.observe(root, { childList: true, subtree: true });
      };
      attach();
      return () => observer && observer.disconnect();
    }
    export default { render };
    """
