-- One sources row per accepted import (geo/versions.py): its values point here.
INSERT INTO sources (source_id, title, publisher, url, license, year, verified, note)
VALUES ($source_id, $title, $publisher, $url, $license, $year, $verified, $note);
