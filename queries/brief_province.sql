-- Provinces matching a name, a name prefix (云南) or an adcode.
SELECT adcode, name
FROM provinces
WHERE adcode = $query OR name = $query OR starts_with(name, $query)
ORDER BY (name = $query OR adcode = $query) DESC, adcode
