"""The pure core: parsing, domain rules, schedule maths, insights and rendering. No I/O:
no telegram, no sqlalchemy."""
