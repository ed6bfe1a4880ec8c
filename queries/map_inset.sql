-- The web maps' 南海诸岛 inset PNG for one $lang (drawn by python -m geo.build).
SELECT png FROM map_insets WHERE lang = $lang;
