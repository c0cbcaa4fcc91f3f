"""toolkit: build locally tailored school-attendance campaign toolkits.

Use it from Python as the CLI does::

    from builder import Project, build
    build(Project(Path(".")), ["oakland"])
"""

__version__ = "0.1.0"

from .errors import BuildFailed, Problem, ProfileError, RenderError, ToolkitError
from .pipeline import BuildReport, Project, build, check

__all__ = [
    "BuildFailed",
    "BuildReport",
    "LoadedProfile",
    "Problem",
    "ProfileError",
    "Project",
    "RenderError",
    "ToolkitError",
    "build",
    "check",
    "load_profile",
    "load_profiles",
]


def __getattr__(name: str):
    # Loading profiles needs pydantic and YAML; import them only when asked for.
    if name in ("LoadedProfile", "load_profile", "load_profiles"):
        from . import profile

        return getattr(profile, name)
    raise AttributeError(name)
