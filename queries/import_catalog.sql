-- Indicators an import may carry, with unit and valid range.
SELECT indicator_id, name_zh, name_en, unit, unit_en, min_valid, max_valid FROM indicator_catalog;
