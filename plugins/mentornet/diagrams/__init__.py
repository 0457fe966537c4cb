"""Network diagrams: DOT source (pure, :mod:`.dot`) → SVG (Graphviz, cached, :mod:`.render`)
→ inline SVG in pages (:mod:`.embed`). The plugin uses :class:`DiagramSet`."""

from mentornet.diagrams.dot import Diagram, UnknownDiagram, build, names
from mentornet.diagrams.embed import DiagramRequest, DiagramSet, expand, insert, marker
from mentornet.diagrams.render import GraphvizMissing, Job, Result, render_many

__all__ = ["Diagram", "DiagramRequest", "DiagramSet", "GraphvizMissing", "Job", "Result",
           "UnknownDiagram", "build", "expand", "insert", "marker", "names", "render_many"]
