"""The service types the network starts with; national admins edit them afterwards.

Plain data, so that the data migration can load it without importing live models.
"""

# code, Thai, English
SERVICE_TYPES = [
    ("cash_allowance", "เงินสงเคราะห์ / เงินช่วยเหลือ", "cash allowance"),
    ("goods_food", "สิ่งของ / อาหาร / ถุงยังชีพ", "goods and food"),
    ("health_care", "การดูแลสุขภาพและการรักษา", "health care"),
    ("rehabilitation", "ฟื้นฟูสมรรถภาพ / กายอุปกรณ์", "rehabilitation and assistive devices"),
    ("home_care", "ดูแลผู้สูงอายุ / ผู้ป่วยติดเตียงที่บ้าน", "home care for elderly or bedridden"),
    ("housing_repair", "ซ่อมแซมที่อยู่อาศัย", "housing repair"),
    ("education", "การศึกษา / ทุนการศึกษา", "education and scholarships"),
    ("job_training", "ฝึกอาชีพ / จัดหางาน", "job training and employment"),
    ("legal_aid", "ช่วยเหลือทางกฎหมาย", "legal aid"),
    ("counselling", "ให้คำปรึกษา / ดูแลจิตใจ", "counselling and psychosocial support"),
    ("shelter", "ที่พักพิง / บ้านพักชั่วคราว", "shelter"),
    ("child_protection", "คุ้มครองเด็ก", "child protection"),
    ("debt_advice", "ให้คำปรึกษาด้านหนี้สิน", "debt advice"),
    ("disaster_relief", "ช่วยเหลือผู้ประสบภัยพิบัติ", "disaster relief"),
]
