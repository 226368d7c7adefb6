-- The invalid results of a year, by district: GET /api/lct?valid=false reads them through this index. They
-- are a few in a national year (31 of 130K in the synthetic one), so without it a page of them scans every
-- result of the year (20-40 ms); the index holds only those rows, and costs nothing to the valid ones.
CREATE INDEX idx_lct_calculations_invalid ON lct_calculations (year, district_id) WHERE NOT valid;
