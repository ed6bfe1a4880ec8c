"""The app's pages, listed once: file, label key, icon, URL path and URL schema.

Read by app.py (navigation), ui/present.py (which page a slide opens) and the meeting-mode
page (the page choices of a slide). Labels are keys of ``geo.i18n.COMMON``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from geo import pageschemas
from geo.urlschema import Schema

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"


@dataclass(frozen=True)
class Page:
    key: str  # also the file stem, the URL path and the deck's page name
    label: str  # key of the page title in geo.i18n.COMMON
    icon: str
    default: bool = False

    @property
    def file(self) -> Path:
        return PAGES_DIR / f"{self.key}.py"

    @property
    def url_path(self) -> str:
        return self.key

    @property
    def schema(self) -> Schema:
        return pageschemas.SCHEMAS[self.key]

    @property
    def can_be_slide(self) -> bool:
        return self.key in pageschemas.SLIDE_PAGES


PAGES: tuple[Page, ...] = (
    Page("overview", "overview", ":material/map:", default=True),
    Page("county", "county_profile", ":material/description:"),
    Page("workbench", "workbench", ":material/table_chart:"),
    Page("gap", "gap", ":material/trending_up:"),
    Page("sites", "sites", ":material/holiday_village:"),
    Page("infra", "infra", ":material/train:"),
    Page("present", "present", ":material/slideshow:"),
    Page("data_admin", "data_admin", ":material/database:"),
)
BY_KEY = {page.key: page for page in PAGES}
SLIDE_PAGES = tuple(page for page in PAGES if page.can_be_slide)
