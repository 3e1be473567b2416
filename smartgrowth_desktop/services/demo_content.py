"""Fictional demo content for SmartGrowth Field Desk.

Pure data: markets, Nordic/Baltic SMEs, local counterparts in Vietnam and China, missions and
text snippets used to seed a believable demo programme. Every person, company, e-mail address,
phone number and web site below is invented; all web sites and mail domains use ``.example``.
All strings are NFC-normalised.
"""

from __future__ import annotations

# fmt: off
MARKETS: tuple[dict[str, object], ...] = (
    {"key": "hcmc", "name": "Ho Chi Minh City", "country": "VN",
     "region": "Hồ Chí Minh City", "time_zone": "Asia/Ho_Chi_Minh",
     "focus_areas": ("Intelligent transport", "Flood and water management", "E-government",
                     "Smart waste management", "Air quality monitoring")},
    {"key": "danang", "name": "Da Nang", "country": "VN",
     "region": "Đà Nẵng City", "time_zone": "Asia/Ho_Chi_Minh",
     "focus_areas": ("E-government", "Smart tourism", "Intelligent transport",
                     "Coastal and water monitoring", "Smart lighting")},
    {"key": "guangzhou", "name": "Guangzhou", "country": "CN",
     "region": "Guangzhou, Guangdong Province", "time_zone": "Asia/Shanghai",
     "focus_areas": ("Intelligent transport", "City information modelling", "Smart energy",
                     "Smart buildings", "Smart waste management")},
    {"key": "hebei", "name": "Hebei", "country": "CN",
     "region": "Hebei Province", "time_zone": "Asia/Shanghai",
     "focus_areas": ("Air quality monitoring", "District heating", "Smart energy",
                     "City information modelling", "Flood and water management")},
)

SMES: tuple[dict[str, object], ...] = (
    # --- Sweden -------------------------------------------------------------------------------
    {"key": "lumigrid", "name": "Lumigrid AB", "country": "SE", "city": "Göteborg",
     "website": "https://lumigrid.example",
     "description": "Retrofit controllers and a cloud dashboard that turn existing street lights "
                    "into dimmable, fault-reporting smart luminaires.",
     "solution_areas": ("Smart lighting", "Smart energy")},
    {"key": "flodesvakt", "name": "Flödesvakt AB", "country": "SE", "city": "Malmö",
     "website": "https://flodesvakt.example",
     "description": "Low-power radar water-level sensors for drains, canals and underpasses, "
                    "with an early-warning service for municipal flood teams.",
     "solution_areas": ("Flood and water management", "Coastal and water monitoring")},
    {"key": "korsvag", "name": "Korsväg Trafiksystem AB", "country": "SE", "city": "Linköping",
     "website": "https://korsvag.example",
     "description": "Adaptive traffic-signal control software that retimes junctions every cycle "
                    "from camera and loop-detector data.",
     "solution_areas": ("Intelligent transport", "Public transport priority")},
    {"key": "klarluft", "name": "Klarluft Sensorik AB", "country": "SE", "city": "Stockholm",
     "website": "https://klarluft-sensorik.example",
     "description": "Dense networks of calibrated low-cost PM2.5, NO2 and ozone sensors, plus a "
                    "public air-quality app and a 48-hour forecasting service.",
     "solution_areas": ("Air quality monitoring", "E-government")},
    {"key": "varmeflode", "name": "Värmeflöde AB", "country": "SE", "city": "Västerås",
     "website": "https://varmeflode.example",
     "description": "Optimisation software for district heating networks that lowers supply "
                    "temperatures and detects substation faults from meter data.",
     "solution_areas": ("District heating", "Smart energy")},
    {"key": "stadsmodell", "name": "Stadsmodell Nordic AB", "country": "SE", "city": "Lund",
     "website": "https://stadsmodell.example",
     "description": "A browser-based urban digital twin that combines BIM, GIS and live sensor "
                    "feeds for planning and permit review.",
     "solution_areas": ("City information modelling", "E-government", "Smart buildings")},
    {"key": "byggpuls", "name": "Byggpuls AB", "country": "SE", "city": "Umeå",
     "website": "https://byggpuls.example",
     "description": "Wireless indoor-climate sensors and energy analytics for schools, hospitals "
                    "and office buildings.",
     "solution_areas": ("Smart buildings", "Smart energy")},
    {"key": "parkvy", "name": "Parkvy AB", "country": "SE", "city": "Norrköping",
     "website": "https://parkvy.example",
     "description": "Camera-based kerbside and parking occupancy detection, with a payment and "
                    "enforcement app for city parking operators.",
     "solution_areas": ("Intelligent transport", "E-government")},
    {"key": "vattensparet", "name": "Vattenspåret AB", "country": "SE", "city": "Jönköping",
     "website": "https://vattensparet.example",
     "description": "Acoustic leak detection and pressure management that cut non-revenue water "
                    "in drinking-water distribution networks.",
     "solution_areas": ("Flood and water management", "Smart energy")},
    {"key": "laddstrak", "name": "Laddstråk AB", "country": "SE", "city": "Luleå",
     "website": "https://laddstrak.example",
     "description": "Charging management and depot planning software for electric bus fleets.",
     "solution_areas": ("Intelligent transport", "Smart energy")},
    # --- Finland ------------------------------------------------------------------------------
    {"key": "vesivahti", "name": "Vesivahti Oy", "country": "FI", "city": "Tampere",
     "website": "https://vesivahti.example",
     "description": "Stormwater and flood monitoring: ultrasonic level sensors, rain gauges and a "
                    "nowcasting model for drainage operators.",
     "solution_areas": ("Flood and water management", "Coastal and water monitoring")},
    {"key": "katualy", "name": "Katuäly Oy", "country": "FI", "city": "Espoo",
     "website": "https://katualy.example",
     "description": "Edge-AI video analytics that count vehicles, motorbikes, cyclists and "
                    "pedestrians at junctions without storing personal data.",
     "solution_areas": ("Intelligent transport", "City information modelling")},
    {"key": "lampoverkko", "name": "Lämpöverkko Oy", "country": "FI", "city": "Vaasa",
     "website": "https://lampoverkko.example",
     "description": "Digital twin and demand forecasting for district heating and cooling "
                    "networks, including heat-pump and waste-heat integration.",
     "solution_areas": ("District heating", "Smart energy")},
    {"key": "ilmari-sensorit", "name": "Ilmari Sensorit Oy", "country": "FI", "city": "Kuopio",
     "website": "https://ilmari-sensorit.example",
     "description": "Compact reference-grade air quality stations for PM, NOx and SO2, plus "
                    "continuous stack monitoring for heat plants.",
     "solution_areas": ("Air quality monitoring", "District heating")},
    {"key": "valokaari", "name": "Valokaari Oy", "country": "FI", "city": "Oulu",
     "website": "https://valokaari.example",
     "description": "Smart pole platform combining LED lighting, small-cell mounting, EV charging "
                    "and environmental sensors in one column.",
     "solution_areas": ("Smart lighting", "Smart energy", "Air quality monitoring")},
    {"key": "kaupunkidata", "name": "Kaupunkidata Oy", "country": "FI", "city": "Helsinki",
     "website": "https://kaupunkidata.example",
     "description": "Open-data and API platform that lets city departments publish, share and "
                    "reuse datasets securely.",
     "solution_areas": ("E-government", "City information modelling")},
    {"key": "sahkopolku", "name": "Sähköpolku Oy", "country": "FI", "city": "Lahti",
     "website": "https://sahkopolku.example",
     "description": "Battery-swap stations and load management for electric motorbikes and "
                    "delivery scooters.",
     "solution_areas": ("Intelligent transport", "Smart energy")},
    {"key": "jatekompassi", "name": "Jätekompassi Oy", "country": "FI", "city": "Turku",
     "website": "https://jatekompassi.example",
     "description": "Fill-level sensors for waste containers and route optimisation software "
                    "for collection fleets.",
     "solution_areas": ("Smart waste management", "Intelligent transport")},
    {"key": "kiinteistoaly", "name": "Kiinteistöäly Oy", "country": "FI", "city": "Jyväskylä",
     "website": "https://kiinteistoaly.example",
     "description": "Building-automation analytics that detect HVAC faults and tune ventilation "
                    "and cooling to actual occupancy.",
     "solution_areas": ("Smart buildings", "Smart energy")},
    {"key": "kartturi", "name": "Kartturi Labs Oy", "country": "FI", "city": "Lappeenranta",
     "website": "https://kartturi.example",
     "description": "Drone and mobile-mapping surveys turned into 3D city models and "
                    "change-detection reports for planning departments.",
     "solution_areas": ("City information modelling", "Flood and water management")},
    # --- Estonia ------------------------------------------------------------------------------
    {"key": "linnaandur", "name": "Linnaandur OÜ", "country": "EE", "city": "Tartu",
     "website": "https://linnaandur.example",
     "description": "Modular IoT sensor platform for noise, air quality and water levels, with a "
                    "city dashboard and an open API.",
     "solution_areas": ("Air quality monitoring", "Flood and water management")},
    {"key": "digiriik", "name": "Digiriik Lahendused OÜ", "country": "EE", "city": "Tallinn",
     "website": "https://digiriik.example",
     "description": "Secure data-exchange layer and digital-signature services for building "
                    "e-government one-stop shops.",
     "solution_areas": ("E-government", "Digital identity")},
    {"key": "tanavavalgus", "name": "Tänavavalgus OÜ", "country": "EE", "city": "Pärnu",
     "website": "https://tanavavalgus.example",
     "description": "Design, financing and energy-performance contracting for LED "
                    "street-lighting retrofits.",
     "solution_areas": ("Smart lighting", "Smart energy")},
    {"key": "liiklustark", "name": "Liiklustark OÜ", "country": "EE", "city": "Tallinn",
     "website": "https://liiklustark.example",
     "description": "Mobility-as-a-service app and account-based ticketing for buses, metro and "
                    "bike sharing.",
     "solution_areas": ("Intelligent transport", "Smart tourism")},
    {"key": "veeseire", "name": "Veeseire OÜ", "country": "EE", "city": "Narva",
     "website": "https://veeseire.example",
     "description": "Buoy- and shore-based water quality monitoring for rivers, lakes and "
                    "coastal waters.",
     "solution_areas": ("Coastal and water monitoring", "Flood and water management")},
    {"key": "soojusvork", "name": "Soojusvõrk Tark OÜ", "country": "EE", "city": "Rakvere",
     "website": "https://soojusvork.example",
     "description": "Smart heat meters and a remote-reading service that give district heating "
                    "utilities hourly consumption data.",
     "solution_areas": ("District heating", "Smart buildings")},
    {"key": "prugitark", "name": "Prügitark OÜ", "country": "EE", "city": "Viljandi",
     "website": "https://prugitark.example",
     "description": "Solar-powered compacting bins with fill-level telemetry for public spaces "
                    "and tourist areas.",
     "solution_areas": ("Smart waste management", "Smart tourism")},
    {"key": "hoonepilv", "name": "Hoonepilv OÜ", "country": "EE", "city": "Tartu",
     "website": "https://hoonepilv.example",
     "description": "Cloud platform for digital building permits and BIM-based compliance "
                    "checks.",
     "solution_areas": ("E-government", "City information modelling", "Smart buildings")},
    {"key": "rattaringlus", "name": "Rattaringlus OÜ", "country": "EE", "city": "Kuressaare",
     "website": "https://rattaringlus.example",
     "description": "Fleet management software and smart locks for public bike- and "
                    "e-scooter-sharing schemes.",
     "solution_areas": ("Intelligent transport", "Smart tourism")},
    {"key": "kulastaja", "name": "Külastaja Analüütika OÜ", "country": "EE", "city": "Haapsalu",
     "website": "https://kulastaja.example",
     "description": "Anonymous visitor-flow analytics from Wi-Fi, mobile and ticketing data for "
                    "destinations and event venues.",
     "solution_areas": ("Smart tourism", "E-government")},
)

COUNTERPART_ORGS: tuple[dict[str, str], ...] = (
    # --- Ho Chi Minh City ---------------------------------------------------------------------
    {"key": "hcmc-dost", "market": "hcmc", "kind": "municipality",
     "name": "Ho Chi Minh City Department of Science and Technology",
     "native_name": "Sở Khoa học và Công nghệ TP. Hồ Chí Minh",
     "website": "https://dost-hcmc.example",
     "description": "Leads the city's digital transformation and smart-city programme since "
                    "absorbing the former Department of Information and Communications."},
    {"key": "hcmc-construction", "market": "hcmc", "kind": "municipality",
     "name": "Ho Chi Minh City Department of Construction",
     "native_name": "Sở Xây dựng TP. Hồ Chí Minh",
     "website": "https://soxaydung-hcmc.example",
     "description": "Responsible for urban infrastructure and, since 2025, traffic management "
                    "and public transport."},
    {"key": "hcmc-drainage", "market": "hcmc", "kind": "agency",
     "name": "Urban Drainage and Flood Control Centre",
     "native_name": "Trung tâm Quản lý Thoát nước và Chống ngập Đô thị",
     "website": "https://chongngap-hcmc.example",
     "description": "Operates pumping stations, tidal sluice gates and the flood hot-spot "
                    "monitoring network."},
    {"key": "saigon-infratech", "market": "hcmc", "kind": "company",
     "name": "Saigon Urban Infrastructure Technology JSC",
     "native_name": "Công ty Cổ phần Công nghệ Hạ tầng Đô thị Sài Gòn",
     "website": "https://saigoninfratech.example",
     "description": "System integrator for lighting, traffic and water projects with a long "
                    "list of municipal contracts."},
    {"key": "mekong-green", "market": "hcmc", "kind": "investor",
     "name": "Mekong Green Ventures",
     "native_name": "Quỹ Đầu tư Xanh Mê Kông",
     "website": "https://mekonggreen.example",
     "description": "Early-growth fund investing in climate and urban technology in Vietnam "
                    "and Cambodia."},
    {"key": "saigon-urban-tech", "market": "hcmc", "kind": "university",
     "name": "Saigon University of Technology and Urban Studies",
     "native_name": "Trường Đại học Công nghệ và Đô thị Sài Gòn",
     "website": "https://sut-edu.example",
     "description": "Engineering university with a smart-city living lab and a flood "
                    "modelling group."},
    # --- Da Nang ------------------------------------------------------------------------------
    {"key": "danang-dost", "market": "danang", "kind": "municipality",
     "name": "Da Nang Department of Science and Technology",
     "native_name": "Sở Khoa học và Công nghệ TP. Đà Nẵng",
     "website": "https://dost-danang.example",
     "description": "Owns the city's smart-city and e-government roadmap and the innovation "
                    "support programmes."},
    {"key": "danang-ioc", "market": "danang", "kind": "agency",
     "name": "Da Nang Smart City Operations Centre",
     "native_name": "Trung tâm Giám sát, Điều hành Đô thị thông minh TP. Đà Nẵng",
     "website": "https://ioc-danang.example",
     "description": "Runs the city's intelligent operations centre with traffic cameras, "
                    "environmental sensors and the citizen feedback hotline."},
    {"key": "danang-tourism-promo", "market": "danang", "kind": "agency",
     "name": "Da Nang Tourism Promotion Centre",
     "native_name": "Trung tâm Xúc tiến Du lịch Đà Nẵng",
     "website": "https://visitdanang-promo.example",
     "description": "Markets the destination and manages visitor information services and "
                    "tourism statistics."},
    {"key": "hanriver-digital", "market": "danang", "kind": "company",
     "name": "Han River Digital Solutions Co., Ltd.",
     "native_name": "Công ty TNHH Giải pháp Số Sông Hàn",
     "website": "https://hanriverdigital.example",
     "description": "Software house in the Da Nang Software Park building apps and IoT "
                    "integrations for the public sector."},
    {"key": "central-coast-capital", "market": "danang", "kind": "investor",
     "name": "Central Coast Capital JSC",
     "native_name": "Công ty Cổ phần Đầu tư Duyên hải Miền Trung",
     "website": "",
     "description": "Family-office style investor backing hospitality, logistics and "
                    "infrastructure ventures in central Vietnam."},
    {"key": "danang-urban-eng", "market": "danang", "kind": "university",
     "name": "Da Nang University of Urban Engineering",
     "native_name": "Trường Đại học Kỹ thuật Đô thị Đà Nẵng",
     "website": "https://due-edu.example",
     "description": "Regional engineering university with strong coastal and environmental "
                    "engineering departments."},
    # --- Guangzhou ----------------------------------------------------------------------------
    {"key": "gz-smart-city", "market": "guangzhou", "kind": "municipality",
     "name": "Guangzhou Smart City Development Office",
     "native_name": "广州市智慧城市建设办公室",
     "website": "https://smartcity-gz.example",
     "description": "Coordinates the municipal smart-city plan, the city information model "
                    "platform and pilot zones."},
    {"key": "gz-transport", "market": "guangzhou", "kind": "municipality",
     "name": "Guangzhou Municipal Transport Bureau",
     "native_name": "广州市交通运输局",
     "website": "https://jtj-gz.example",
     "description": "Regulates public transport, taxis and ride-hailing and funds intelligent "
                    "transport projects."},
    {"key": "gz-eco-monitoring", "market": "guangzhou", "kind": "agency",
     "name": "Guangzhou Ecology and Environment Monitoring Centre",
     "native_name": "广州市生态环境监测中心",
     "website": "https://ecomonitor-gz.example",
     "description": "Operates the city's air and water quality monitoring stations and "
                    "publishes daily AQI data."},
    {"key": "pearl-river-iot", "market": "guangzhou", "kind": "company",
     "name": "Pearl River IoT Technology Co., Ltd.",
     "native_name": "广州珠江物联科技有限公司",
     "website": "https://pearlriveriot.example",
     "description": "IoT integrator for building energy management and smart campus projects "
                    "in the Greater Bay Area."},
    {"key": "nansha-fund", "market": "guangzhou", "kind": "investor",
     "name": "Nansha Smart Industry Fund",
     "native_name": "广州南沙智慧产业投资基金",
     "website": "",
     "description": "District-backed fund that co-invests with foreign technology firms "
                    "setting up in Nansha."},
    {"key": "scuui", "market": "guangzhou", "kind": "university",
     "name": "South China Institute of Urban Informatics",
     "native_name": "华南城市信息学研究院",
     "website": "https://scuui.example",
     "description": "Research institute working on urban digital twins, mobility data and "
                    "building energy models."},
    # --- Hebei --------------------------------------------------------------------------------
    {"key": "hebei-dhurd", "market": "hebei", "kind": "municipality",
     "name": "Hebei Provincial Department of Housing and Urban-Rural Development",
     "native_name": "河北省住房和城乡建设厅",
     "website": "https://zjt-hebei.example",
     "description": "Sets provincial policy for urban heating, building energy efficiency and "
                    "municipal infrastructure."},
    {"key": "xiongan-digital", "market": "hebei", "kind": "agency",
     "name": "Xiong'an New Area Digital City Operations Centre",
     "native_name": "雄安新区数字城市运营中心",
     "website": "https://digital-xiongan.example",
     "description": "Runs the city information model and the IoT platform of the Xiong'an "
                    "New Area."},
    {"key": "jinuan-heating", "market": "hebei", "kind": "company",
     "name": "Shijiazhuang Jinuan Smart Heating Co., Ltd.",
     "native_name": "石家庄冀暖智慧供热有限公司",
     "website": "https://jinuan-heat.example",
     "description": "District heating utility serving residential districts of Shijiazhuang "
                    "and nearby counties."},
    {"key": "hebei-eco-monitoring", "market": "hebei", "kind": "agency",
     "name": "Hebei Provincial Eco-Environment Monitoring Centre",
     "native_name": "河北省生态环境监测中心",
     "website": "https://eco-monitor-hebei.example",
     "description": "Runs the provincial air quality network and the regional pollution "
                    "forecasting service."},
    {"key": "jjj-green-fund", "market": "hebei", "kind": "investor",
     "name": "Jing-Jin-Ji Green Development Fund",
     "native_name": "京津冀绿色发展投资基金",
     "website": "https://jjjgreenfund.example",
     "description": "Invests in clean heating, energy efficiency and environmental "
                    "monitoring across Beijing, Tianjin and Hebei."},
    {"key": "baoding-urban-tech", "market": "hebei", "kind": "university",
     "name": "Baoding College of Urban Technology",
     "native_name": "保定城市科技学院",
     "website": "https://bdcut.example",
     "description": "Applied university with programmes in building services, heating "
                    "engineering and environmental science."},
)

COUNTERPART_PEOPLE: tuple[dict[str, object], ...] = (
    # --- Ho Chi Minh City ---------------------------------------------------------------------
    {"org": "hcmc-dost", "family_name": "Nguyễn", "given_name": "Thị Minh Khai",
     "native_name": "Nguyễn Thị Minh Khai", "romanized_name": "Nguyen Thi Minh Khai",
     "name_order": "family_first", "title": "Deputy Director", "email": "ntmkhai@dost-hcmc.example",
     "phone": "+84 912 345 678", "wechat": "", "zalo": "+84 912 345 678",
     "languages": ("vi", "en")},
    {"org": "hcmc-dost", "family_name": "Trần", "given_name": "Quốc Bảo",
     "native_name": "Trần Quốc Bảo", "romanized_name": "Tran Quoc Bao",
     "name_order": "family_first", "title": "Head of Digital Transformation Division",
     "email": "tqbao@dost-hcmc.example", "phone": "+84 903 118 427", "wechat": "",
     "zalo": "+84 903 118 427", "languages": ("vi", "en")},
    {"org": "hcmc-dost", "family_name": "Lê", "given_name": "Hoàng Anh",
     "native_name": "Lê Hoàng Anh", "romanized_name": "Le Hoang Anh", "name_order": "family_first",
     "title": "International Cooperation Officer", "email": "lhanh@dost-hcmc.example",
     "phone": "+84 938 207 561", "wechat": "", "zalo": "+84 938 207 561",
     "languages": ("vi", "en", "fr")},
    {"org": "hcmc-construction", "family_name": "Phạm", "given_name": "Văn Đức",
     "native_name": "Phạm Văn Đức", "romanized_name": "Pham Van Duc", "name_order": "family_first",
     "title": "Deputy Head, Traffic Management Division", "email": "pvduc@soxaydung-hcmc.example",
     "phone": "+84 28 3829 1547", "wechat": "", "zalo": "+84 909 664 312", "languages": ("vi",)},
    {"org": "hcmc-construction", "family_name": "Huỳnh", "given_name": "Thị Thu Trang",
     "native_name": "Huỳnh Thị Thu Trang", "romanized_name": "Huynh Thi Thu Trang",
     "name_order": "family_first", "title": "Public Transport Planning Specialist",
     "email": "htttrang@soxaydung-hcmc.example", "phone": "+84 976 450 283", "wechat": "",
     "zalo": "+84 976 450 283", "languages": ("vi", "en")},
    {"org": "hcmc-drainage", "family_name": "Võ", "given_name": "Thanh Tùng",
     "native_name": "Võ Thanh Tùng", "romanized_name": "Vo Thanh Tung",
     "name_order": "family_first", "title": "Director", "email": "vttung@chongngap-hcmc.example",
     "phone": "+84 918 732 045", "wechat": "", "zalo": "+84 918 732 045",
     "languages": ("vi", "en")},
    {"org": "hcmc-drainage", "family_name": "Đặng", "given_name": "Ngọc Hân",
     "native_name": "Đặng Ngọc Hân", "romanized_name": "Dang Ngoc Han",
     "name_order": "family_first", "title": "Senior Hydraulic Engineer",
     "email": "dnhan@chongngap-hcmc.example", "phone": "+84 983 215 790", "wechat": "",
     "zalo": "+84 983 215 790", "languages": ("vi", "en")},
    {"org": "hcmc-drainage", "family_name": "Bùi", "given_name": "Minh Quân",
     "native_name": "Bùi Minh Quân", "romanized_name": "Bui Minh Quan",
     "name_order": "family_first", "title": "SCADA and Data Platform Lead",
     "email": "bmquan@chongngap-hcmc.example", "phone": "+84 937 581 604", "wechat": "",
     "zalo": "+84 937 581 604", "languages": ("vi", "en")},
    {"org": "saigon-infratech", "family_name": "Đỗ", "given_name": "Quang Huy",
     "native_name": "Đỗ Quang Huy", "romanized_name": "Do Quang Huy", "name_order": "family_first",
     "title": "Chief Executive Officer", "email": "huy.do@saigoninfratech.example",
     "phone": "+84 908 349 126", "wechat": "", "zalo": "+84 908 349 126",
     "languages": ("vi", "en")},
    {"org": "saigon-infratech", "family_name": "Nguyễn", "given_name": "Phương Linh",
     "native_name": "Nguyễn Phương Linh", "romanized_name": "Nguyen Phuong Linh",
     "name_order": "family_first", "title": "Business Development Manager",
     "email": "linh.nguyen@saigoninfratech.example", "phone": "+84 962 874 130", "wechat": "",
     "zalo": "+84 962 874 130", "languages": ("vi", "en")},
    {"org": "mekong-green", "family_name": "Hoàng", "given_name": "Gia Hưng",
     "native_name": "Hoàng Gia Hưng", "romanized_name": "Hoang Gia Hung",
     "name_order": "family_first", "title": "Investment Partner",
     "email": "hung.hoang@mekonggreen.example", "phone": "+84 913 602 958", "wechat": "",
     "zalo": "+84 913 602 958", "languages": ("vi", "en")},
    {"org": "mekong-green", "family_name": "Trần", "given_name": "Thị Mai Anh",
     "native_name": "Trần Thị Mai Anh", "romanized_name": "Tran Thi Mai Anh",
     "name_order": "family_first", "title": "Investment Analyst",
     "email": "maianh.tran@mekonggreen.example", "phone": "+84 946 318 702", "wechat": "",
     "zalo": "+84 946 318 702", "languages": ("vi", "en")},
    {"org": "saigon-urban-tech", "family_name": "Lê", "given_name": "Văn Thịnh",
     "native_name": "Lê Văn Thịnh", "romanized_name": "Le Van Thinh", "name_order": "family_first",
     "title": "Professor of Urban Informatics", "email": "lvthinh@sut-edu.example",
     "phone": "+84 989 045 617", "wechat": "", "zalo": "+84 989 045 617",
     "languages": ("vi", "en", "ja")},
    {"org": "saigon-urban-tech", "family_name": "Phạm", "given_name": "Thùy Dương",
     "native_name": "Phạm Thùy Dương", "romanized_name": "Pham Thuy Duong",
     "name_order": "family_first", "title": "Research Fellow, Flood Modelling Group",
     "email": "ptduong@sut-edu.example", "phone": "+84 935 760 284", "wechat": "",
     "zalo": "+84 935 760 284", "languages": ("vi", "en")},
    {"org": "saigon-urban-tech", "family_name": "Võ", "given_name": "Đăng Khoa",
     "native_name": "Võ Đăng Khoa", "romanized_name": "Vo Dang Khoa", "name_order": "family_first",
     "title": "Living Lab Manager", "email": "vdkhoa@sut-edu.example", "phone": "+84 971 283 946",
     "wechat": "", "zalo": "+84 971 283 946", "languages": ("vi", "en")},
    # --- Da Nang ------------------------------------------------------------------------------
    {"org": "danang-dost", "family_name": "Nguyễn", "given_name": "Đức Thắng",
     "native_name": "Nguyễn Đức Thắng", "romanized_name": "Nguyen Duc Thang",
     "name_order": "family_first", "title": "Deputy Director",
     "email": "ndthang@dost-danang.example", "phone": "+84 905 127 883", "wechat": "",
     "zalo": "+84 905 127 883", "languages": ("vi", "en")},
    {"org": "danang-dost", "family_name": "Huỳnh", "given_name": "Thị Ngọc Ánh",
     "native_name": "Huỳnh Thị Ngọc Ánh", "romanized_name": "Huynh Thi Ngoc Anh",
     "name_order": "family_first", "title": "Head of Technology Transfer",
     "email": "htnanh@dost-danang.example", "phone": "+84 914 586 302", "wechat": "",
     "zalo": "+84 914 586 302", "languages": ("vi", "en")},
    {"org": "danang-dost", "family_name": "Trần", "given_name": "Minh Nhật",
     "native_name": "Trần Minh Nhật", "romanized_name": "Tran Minh Nhat",
     "name_order": "family_first", "title": "Smart City Project Officer",
     "email": "tmnhat@dost-danang.example", "phone": "+84 935 492 178", "wechat": "",
     "zalo": "+84 935 492 178", "languages": ("vi", "en")},
    {"org": "danang-ioc", "family_name": "Lê", "given_name": "Quang Vinh",
     "native_name": "Lê Quang Vinh", "romanized_name": "Le Quang Vinh",
     "name_order": "family_first", "title": "Director, Operations Centre",
     "email": "lqvinh@ioc-danang.example", "phone": "+84 905 803 641", "wechat": "",
     "zalo": "+84 905 803 641", "languages": ("vi", "en")},
    {"org": "danang-ioc", "family_name": "Đỗ", "given_name": "Thị Hồng Nhung",
     "native_name": "Đỗ Thị Hồng Nhung", "romanized_name": "Do Thi Hong Nhung",
     "name_order": "family_first", "title": "Systems Integration Lead",
     "email": "dthnhung@ioc-danang.example", "phone": "+84 982 316 057", "wechat": "",
     "zalo": "+84 982 316 057", "languages": ("vi", "en")},
    {"org": "danang-ioc", "family_name": "Bùi", "given_name": "Tuấn Kiệt",
     "native_name": "Bùi Tuấn Kiệt", "romanized_name": "Bui Tuan Kiet",
     "name_order": "family_first", "title": "GIS Engineer", "email": "btkiet@ioc-danang.example",
     "phone": "+84 934 720 815", "wechat": "", "zalo": "+84 934 720 815",
     "languages": ("vi", "en")},
    {"org": "danang-tourism-promo", "family_name": "Phạm", "given_name": "Thị Lan Hương",
     "native_name": "Phạm Thị Lan Hương", "romanized_name": "Pham Thi Lan Huong",
     "name_order": "family_first", "title": "Head of Destination Marketing",
     "email": "ptlhuong@visitdanang-promo.example", "phone": "+84 236 3550 214", "wechat": "",
     "zalo": "+84 916 248 539", "languages": ("vi", "en", "ko")},
    {"org": "danang-tourism-promo", "family_name": "Hoàng", "given_name": "Văn Lộc",
     "native_name": "Hoàng Văn Lộc", "romanized_name": "Hoang Van Loc",
     "name_order": "family_first", "title": "Digital Services Officer",
     "email": "hvloc@visitdanang-promo.example", "phone": "+84 905 671 924", "wechat": "",
     "zalo": "+84 905 671 924", "languages": ("vi", "en")},
    {"org": "hanriver-digital", "family_name": "Đặng", "given_name": "Hữu Phước",
     "native_name": "Đặng Hữu Phước", "romanized_name": "Dang Huu Phuoc",
     "name_order": "family_first", "title": "Managing Director",
     "email": "phuoc.dang@hanriverdigital.example", "phone": "+84 935 108 476", "wechat": "",
     "zalo": "+84 935 108 476", "languages": ("vi", "en", "ja")},
    {"org": "hanriver-digital", "family_name": "Võ", "given_name": "Thị Kim Ngân",
     "native_name": "Võ Thị Kim Ngân", "romanized_name": "Vo Thi Kim Ngan",
     "name_order": "family_first", "title": "Partnerships Manager",
     "email": "ngan.vo@hanriverdigital.example", "phone": "+84 968 395 210", "wechat": "",
     "zalo": "+84 968 395 210", "languages": ("vi", "en")},
    {"org": "central-coast-capital", "family_name": "Nguyễn", "given_name": "Hoàng Long",
     "native_name": "Nguyễn Hoàng Long", "romanized_name": "Nguyen Hoang Long",
     "name_order": "family_first", "title": "Managing Partner",
     "email": "long.nguyen@cccapital.example", "phone": "+84 913 487 062", "wechat": "",
     "zalo": "+84 913 487 062", "languages": ("vi", "en")},
    {"org": "central-coast-capital", "family_name": "Trần", "given_name": "Bảo Ngọc",
     "native_name": "Trần Bảo Ngọc", "romanized_name": "Tran Bao Ngoc",
     "name_order": "family_first", "title": "Investment Associate",
     "email": "ngoc.tran@cccapital.example", "phone": "+84 947 652 381", "wechat": "",
     "zalo": "+84 947 652 381", "languages": ("vi", "en")},
    {"org": "danang-urban-eng", "family_name": "Lê", "given_name": "Thị Thanh Tâm",
     "native_name": "Lê Thị Thanh Tâm", "romanized_name": "Le Thi Thanh Tam",
     "name_order": "family_first", "title": "Dean, Faculty of Urban Engineering",
     "email": "ltttam@due-edu.example", "phone": "+84 905 239 718", "wechat": "",
     "zalo": "+84 905 239 718", "languages": ("vi", "en", "fr")},
    {"org": "danang-urban-eng", "family_name": "Phạm", "given_name": "Đình Trọng",
     "native_name": "Phạm Đình Trọng", "romanized_name": "Pham Dinh Trong",
     "name_order": "family_first", "title": "Lecturer, Coastal Engineering",
     "email": "pdtrong@due-edu.example", "phone": "+84 932 561 840", "wechat": "",
     "zalo": "+84 932 561 840", "languages": ("vi", "en")},
    {"org": "danang-urban-eng", "family_name": "Huỳnh", "given_name": "Nhật Minh",
     "native_name": "Huỳnh Nhật Minh", "romanized_name": "Huynh Nhat Minh",
     "name_order": "family_first", "title": "International Relations Officer",
     "email": "hnminh@due-edu.example", "phone": "+84 978 104 629", "wechat": "",
     "zalo": "+84 978 104 629", "languages": ("vi", "en")},
    # --- Guangzhou ----------------------------------------------------------------------------
    {"org": "gz-smart-city", "family_name": "Li", "given_name": "Wei", "native_name": "李伟",
     "romanized_name": "Li Wei", "name_order": "family_first", "title": "Deputy Director",
     "email": "liwei@smartcity-gz.example", "phone": "+86 138 2610 4477", "wechat": "liwei_gzsmart",
     "zalo": "", "languages": ("zh", "yue", "en")},
    {"org": "gz-smart-city", "family_name": "Chen", "given_name": "Jing", "native_name": "陈静",
     "romanized_name": "Chen Jing", "name_order": "family_first",
     "title": "Head of International Cooperation", "email": "chenjing@smartcity-gz.example",
     "phone": "+86 139 2247 8815", "wechat": "chenjing-intl", "zalo": "",
     "languages": ("zh", "en")},
    {"org": "gz-smart-city", "family_name": "Huang", "given_name": "Zhiqiang",
     "native_name": "黄志强", "romanized_name": "Huang Zhiqiang", "name_order": "family_first",
     "title": "Senior Engineer, CIM Platform", "email": "huangzq@smartcity-gz.example",
     "phone": "+86 135 6018 2239", "wechat": "hzq_cim2024", "zalo": "", "languages": ("zh", "yue")},
    {"org": "gz-transport", "family_name": "Zhang", "given_name": "Lihua", "native_name": "张丽华",
     "romanized_name": "Zhang Lihua", "name_order": "family_first",
     "title": "Division Chief, Intelligent Transport", "email": "zhanglh@jtj-gz.example",
     "phone": "+86 137 1922 6054", "wechat": "zlh_its", "zalo": "", "languages": ("zh",)},
    {"org": "gz-transport", "family_name": "Liu", "given_name": "Yang", "native_name": "刘洋",
     "romanized_name": "Liu Yang", "name_order": "family_first",
     "title": "Project Manager, Signal Control", "email": "liuyang@jtj-gz.example",
     "phone": "+86 20 8313 6620", "wechat": "liuyang_gzjt", "zalo": "", "languages": ("zh", "en")},
    {"org": "gz-eco-monitoring", "family_name": "Yang", "given_name": "Fan", "native_name": "杨帆",
     "romanized_name": "Yang Fan", "name_order": "family_first",
     "title": "Director, Monitoring Network", "email": "yangfan@ecomonitor-gz.example",
     "phone": "+86 136 3145 9087", "wechat": "yangfan_aqi", "zalo": "", "languages": ("zh", "en")},
    {"org": "gz-eco-monitoring", "family_name": "Wu", "given_name": "Xiaoyan",
     "native_name": "吴晓燕", "romanized_name": "Wu Xiaoyan", "name_order": "family_first",
     "title": "Senior Data Analyst", "email": "wuxy@ecomonitor-gz.example",
     "phone": "+86 159 1877 3320", "wechat": "xiaoyan_wu88", "zalo": "", "languages": ("zh", "en")},
    {"org": "gz-eco-monitoring", "family_name": "Zhou", "given_name": "Lei", "native_name": "周磊",
     "romanized_name": "Zhou Lei", "name_order": "family_first",
     "title": "Instrumentation Engineer", "email": "zhoulei@ecomonitor-gz.example",
     "phone": "+86 138 0274 6619", "wechat": "zhoulei_sensor", "zalo": "", "languages": ("zh",)},
    {"org": "pearl-river-iot", "family_name": "Wang", "given_name": "Jianguo",
     "native_name": "王建国", "romanized_name": "Wang Jianguo", "name_order": "family_first",
     "title": "General Manager", "email": "wangjg@pearlriveriot.example",
     "phone": "+86 186 2031 5548", "wechat": "wjg_pearlriver", "zalo": "",
     "languages": ("zh", "yue")},
    {"org": "pearl-river-iot", "family_name": "Zhao", "given_name": "Min", "native_name": "赵敏",
     "romanized_name": "Zhao Min", "name_order": "family_first",
     "title": "Director, Overseas Business", "email": "zhaomin@pearlriveriot.example",
     "phone": "+86 139 0240 8871", "wechat": "zhaomin_overseas", "zalo": "",
     "languages": ("zh", "en")},
    {"org": "nansha-fund", "family_name": "Chen", "given_name": "Haoran", "native_name": "陈浩然",
     "romanized_name": "Chen Haoran", "name_order": "family_first", "title": "Investment Director",
     "email": "chenhr@nanshafund.example", "phone": "+86 137 2806 1943", "wechat": "haoran_ns",
     "zalo": "", "languages": ("zh", "en")},
    {"org": "nansha-fund", "family_name": "Huang", "given_name": "Yaqi", "native_name": "黄雅琪",
     "romanized_name": "Huang Yaqi", "name_order": "family_first", "title": "Investment Manager",
     "email": "huangyq@nanshafund.example", "phone": "+86 135 6039 7725", "wechat": "yaqi_huang",
     "zalo": "", "languages": ("zh", "yue", "en")},
    {"org": "scuui", "family_name": "Zhou", "given_name": "Wenbo", "native_name": "周文博",
     "romanized_name": "Zhou Wenbo", "name_order": "family_first",
     "title": "Professor, Urban Digital Twins", "email": "zhouwb@scuui.example",
     "phone": "+86 188 1925 4402", "wechat": "prof_zhouwb", "zalo": "", "languages": ("zh", "en")},
    {"org": "scuui", "family_name": "Liu", "given_name": "Jiayi", "native_name": "刘佳怡",
     "romanized_name": "Liu Jiayi", "name_order": "family_first", "title": "Associate Researcher",
     "email": "liujy@scuui.example", "phone": "+86 139 2604 5518", "wechat": "jiayi_liu",
     "zalo": "", "languages": ("zh", "en")},
    {"org": "scuui", "family_name": "Wu", "given_name": "Junjie", "native_name": "吴俊杰",
     "romanized_name": "Wu Junjie", "name_order": "family_first", "title": "Research Assistant",
     "email": "wujj@scuui.example", "phone": "+86 158 0201 7736", "wechat": "junjie_wu", "zalo": "",
     "languages": ("zh", "en")},
    # --- Hebei --------------------------------------------------------------------------------
    {"org": "hebei-dhurd", "family_name": "Wang", "given_name": "Haifeng", "native_name": "王海峰",
     "romanized_name": "Wang Haifeng", "name_order": "family_first",
     "title": "Deputy Director-General", "email": "wanghf@zjt-hebei.example",
     "phone": "+86 139 3112 6840", "wechat": "wanghaifeng_hb", "zalo": "", "languages": ("zh",)},
    {"org": "hebei-dhurd", "family_name": "Zhang", "given_name": "Ying", "native_name": "张颖",
     "romanized_name": "Zhang Ying", "name_order": "family_first",
     "title": "Section Chief, Urban Heating and Gas", "email": "zhangying@zjt-hebei.example",
     "phone": "+86 133 3319 2075", "wechat": "zhangying_heat", "zalo": "",
     "languages": ("zh", "en")},
    {"org": "hebei-dhurd", "family_name": "Yang", "given_name": "Ming", "native_name": "杨明",
     "romanized_name": "Yang Ming", "name_order": "family_first",
     "title": "Foreign Affairs Officer", "email": "yangming@zjt-hebei.example",
     "phone": "+86 311 8706 5512", "wechat": "yangming_fao", "zalo": "", "languages": ("zh", "en")},
    {"org": "xiongan-digital", "family_name": "Zhao", "given_name": "Zixuan",
     "native_name": "赵子轩", "romanized_name": "Zhao Zixuan", "name_order": "family_first",
     "title": "Director, City Information Model Platform",
     "email": "zhaozx@digital-xiongan.example", "phone": "+86 138 3121 7702", "wechat": "zixuan_xa",
     "zalo": "", "languages": ("zh", "en")},
    {"org": "xiongan-digital", "family_name": "Li", "given_name": "Na", "native_name": "李娜",
     "romanized_name": "Li Na", "name_order": "family_first",
     "title": "Chief Architect, IoT Platform", "email": "lina@digital-xiongan.example",
     "phone": "+86 135 3307 9168", "wechat": "lina_iot", "zalo": "", "languages": ("zh", "en")},
    {"org": "xiongan-digital", "family_name": "Chen", "given_name": "Yu", "native_name": "陈宇",
     "romanized_name": "Chen Yu", "name_order": "family_first", "title": "Project Coordinator",
     "email": "chenyu@digital-xiongan.example", "phone": "+86 159 3127 4536",
     "wechat": "chenyu_xiongan", "zalo": "", "languages": ("zh", "en")},
    {"org": "jinuan-heating", "family_name": "Liu", "given_name": "Jianhua",
     "native_name": "刘建华", "romanized_name": "Liu Jianhua", "name_order": "family_first",
     "title": "General Manager", "email": "liujh@jinuan-heat.example", "phone": "+86 130 3119 8824",
     "wechat": "liujianhua_sjz", "zalo": "", "languages": ("zh",)},
    {"org": "jinuan-heating", "family_name": "Zhou", "given_name": "Ting", "native_name": "周婷",
     "romanized_name": "Zhou Ting", "name_order": "family_first", "title": "Technical Director",
     "email": "zhouting@jinuan-heat.example", "phone": "+86 139 3306 2147",
     "wechat": "zhouting_tech", "zalo": "", "languages": ("zh", "en")},
    {"org": "hebei-eco-monitoring", "family_name": "Huang", "given_name": "Guoping",
     "native_name": "黄国平", "romanized_name": "Huang Guoping", "name_order": "family_first",
     "title": "Deputy Director", "email": "huanggp@eco-monitor-hebei.example",
     "phone": "+86 137 3211 5690", "wechat": "hgp_hebei", "zalo": "", "languages": ("zh",)},
    {"org": "hebei-eco-monitoring", "family_name": "Wu", "given_name": "Min", "native_name": "吴敏",
     "romanized_name": "Wu Min", "name_order": "family_first",
     "title": "Lead, Air Quality Forecasting", "email": "wumin@eco-monitor-hebei.example",
     "phone": "+86 152 3310 8473", "wechat": "wumin_aqf", "zalo": "", "languages": ("zh", "en")},
    {"org": "jjj-green-fund", "family_name": "Zhang", "given_name": "Wei", "native_name": "张伟",
     "romanized_name": "Zhang Wei", "name_order": "family_first", "title": "Managing Director",
     "email": "zhangwei@jjjgreenfund.example", "phone": "+86 139 1120 6638",
     "wechat": "zhangwei_jjj", "zalo": "", "languages": ("zh", "en")},
    {"org": "jjj-green-fund", "family_name": "Wang", "given_name": "Xue", "native_name": "王雪",
     "romanized_name": "Wang Xue", "name_order": "family_first", "title": "Investment Associate",
     "email": "wangxue@jjjgreenfund.example", "phone": "+86 186 1045 2279",
     "wechat": "snow_wangxue", "zalo": "", "languages": ("zh", "en", "de")},
    {"org": "baoding-urban-tech", "family_name": "Yang", "given_name": "Zhigang",
     "native_name": "杨志刚", "romanized_name": "Yang Zhigang", "name_order": "family_first",
     "title": "Dean, School of Energy and Built Environment", "email": "yangzg@bdcut.example",
     "phone": "+86 139 3128 5504", "wechat": "yzg_bdcut", "zalo": "", "languages": ("zh", "en")},
    {"org": "baoding-urban-tech", "family_name": "Zhao", "given_name": "Li", "native_name": "赵丽",
     "romanized_name": "Zhao Li", "name_order": "family_first",
     "title": "Associate Professor, Heating Engineering", "email": "zhaoli@bdcut.example",
     "phone": "+86 158 3122 9016", "wechat": "zhaoli_heat", "zalo": "", "languages": ("zh", "en")},
    {"org": "baoding-urban-tech", "family_name": "Li", "given_name": "Bowen",
     "native_name": "李博文", "romanized_name": "Li Bowen", "name_order": "family_first",
     "title": "International Office Coordinator", "email": "libowen@bdcut.example",
     "phone": "+86 131 8321 6047", "wechat": "bowen_intl", "zalo": "", "languages": ("zh", "en")},
)

SME_PEOPLE: tuple[dict[str, object], ...] = (
    # --- Sweden -------------------------------------------------------------------------------
    {"sme": "lumigrid", "family_name": "Sjöström", "given_name": "Anna", "title": "CEO",
     "email": "anna.sjostrom@lumigrid.example", "phone": "+46 70 412 38 55",
     "languages": ("sv", "en")},
    {"sme": "flodesvakt", "family_name": "Håkansson", "given_name": "Erik", "title": "CTO",
     "email": "erik.hakansson@flodesvakt.example", "phone": "+46 73 518 20 64",
     "languages": ("sv", "en", "de")},
    {"sme": "korsvag", "family_name": "Lindgren", "given_name": "Sofia", "title": "Head of export",
     "email": "sofia.lindgren@korsvag.example", "phone": "+46 76 230 91 17",
     "languages": ("sv", "en")},
    {"sme": "klarluft", "family_name": "Åberg", "given_name": "Johan", "title": "CEO",
     "email": "johan.aberg@klarluft-sensorik.example", "phone": "+46 70 981 44 02",
     "languages": ("sv", "en")},
    {"sme": "varmeflode", "family_name": "Nyström", "given_name": "Maria",
     "title": "Head of international sales", "email": "maria.nystrom@varmeflode.example",
     "phone": "+46 72 355 67 80", "languages": ("sv", "en", "zh")},
    {"sme": "stadsmodell", "family_name": "Bäckström", "given_name": "Oskar",
     "title": "Co-founder and CTO", "email": "oskar.backstrom@stadsmodell.example",
     "phone": "+46 73 640 12 93", "languages": ("sv", "en")},
    {"sme": "byggpuls", "family_name": "Öhman", "given_name": "Linnéa", "title": "CEO",
     "email": "linnea.ohman@byggpuls.example", "phone": "+46 70 177 29 46",
     "languages": ("sv", "en", "fr")},
    {"sme": "parkvy", "family_name": "Ekström", "given_name": "Henrik", "title": "Head of export",
     "email": "henrik.ekstrom@parkvy.example", "phone": "+46 76 802 53 31",
     "languages": ("sv", "en")},
    {"sme": "vattensparet", "family_name": "Sandström", "given_name": "Karolina",
     "title": "Business development manager", "email": "karolina.sandstrom@vattensparet.example",
     "phone": "+46 72 614 08 75", "languages": ("sv", "en")},
    {"sme": "laddstrak", "family_name": "Forsgren", "given_name": "Mårten", "title": "CEO",
     "email": "marten.forsgren@laddstrak.example", "phone": "+46 70 293 76 14",
     "languages": ("sv", "en")},
    # --- Finland ------------------------------------------------------------------------------
    {"sme": "vesivahti", "family_name": "Mäkinen", "given_name": "Päivi", "title": "CEO",
     "email": "paivi.makinen@vesivahti.example", "phone": "+358 40 718 2236",
     "languages": ("fi", "en", "sv")},
    {"sme": "katualy", "family_name": "Hämäläinen", "given_name": "Jyrki", "title": "CTO",
     "email": "jyrki.hamalainen@katualy.example", "phone": "+358 50 341 7789",
     "languages": ("fi", "en")},
    {"sme": "lampoverkko", "family_name": "Björklund", "given_name": "Tiina",
     "title": "Head of export", "email": "tiina.bjorklund@lampoverkko.example",
     "phone": "+358 44 902 1135", "languages": ("fi", "sv", "en")},
    {"sme": "ilmari-sensorit", "family_name": "Kärkkäinen", "given_name": "Olli", "title": "CEO",
     "email": "olli.karkkainen@ilmari-sensorit.example", "phone": "+358 40 556 9021",
     "languages": ("fi", "en")},
    {"sme": "valokaari", "family_name": "Pöyhönen", "given_name": "Sanna",
     "title": "VP Sales, Asia", "email": "sanna.poyhonen@valokaari.example",
     "phone": "+358 50 224 6618", "languages": ("fi", "en", "zh")},
    {"sme": "kaupunkidata", "family_name": "Lähteenmäki", "given_name": "Ville", "title": "CEO",
     "email": "ville.lahteenmaki@kaupunkidata.example", "phone": "+358 45 671 3340",
     "languages": ("fi", "en", "sv")},
    {"sme": "sahkopolku", "family_name": "Rämö", "given_name": "Antti", "title": "Co-founder",
     "email": "antti.ramo@sahkopolku.example", "phone": "+358 40 834 5507",
     "languages": ("fi", "en")},
    {"sme": "jatekompassi", "family_name": "Väisänen", "given_name": "Heidi",
     "title": "Head of international business", "email": "heidi.vaisanen@jatekompassi.example",
     "phone": "+358 50 917 2284", "languages": ("fi", "en", "vi")},
    {"sme": "kiinteistoaly", "family_name": "Jääskeläinen", "given_name": "Markku", "title": "CTO",
     "email": "markku.jaaskelainen@kiinteistoaly.example", "phone": "+358 44 365 1902",
     "languages": ("fi", "en")},
    {"sme": "kartturi", "family_name": "Nieminen", "given_name": "Eeva", "title": "CEO",
     "email": "eeva.nieminen@kartturi.example", "phone": "+358 40 129 8846",
     "languages": ("fi", "en", "sv")},
    # --- Estonia ------------------------------------------------------------------------------
    {"sme": "linnaandur", "family_name": "Tõnisson", "given_name": "Kristjan", "title": "CEO",
     "email": "kristjan.tonisson@linnaandur.example", "phone": "+372 5341 7728",
     "languages": ("et", "en")},
    {"sme": "digiriik", "family_name": "Mägi", "given_name": "Liis",
     "title": "Head of international projects", "email": "liis.magi@digiriik.example",
     "phone": "+372 5598 2013", "languages": ("et", "en", "fi")},
    {"sme": "tanavavalgus", "family_name": "Kõiv", "given_name": "Rein", "title": "CEO",
     "email": "rein.koiv@tanavavalgus.example", "phone": "+372 5207 4461",
     "languages": ("et", "en", "ru")},
    {"sme": "liiklustark", "family_name": "Põder", "given_name": "Kärt", "title": "Product lead",
     "email": "kart.poder@liiklustark.example", "phone": "+372 5634 1190",
     "languages": ("et", "en")},
    {"sme": "veeseire", "family_name": "Ivanova", "given_name": "Jelena", "title": "CEO",
     "email": "jelena.ivanova@veeseire.example", "phone": "+372 5855 0937",
     "languages": ("et", "ru", "en")},
    {"sme": "soojusvork", "family_name": "Männik", "given_name": "Toomas", "title": "Head of sales",
     "email": "toomas.mannik@soojusvork.example", "phone": "+372 5112 8874",
     "languages": ("et", "en", "ru")},
    {"sme": "prugitark", "family_name": "Lõhmus", "given_name": "Ülle", "title": "CEO",
     "email": "ulle.lohmus@prugitark.example", "phone": "+372 5285 3307",
     "languages": ("et", "en")},
    {"sme": "hoonepilv", "family_name": "Sõber", "given_name": "Mihkel", "title": "CTO",
     "email": "mihkel.sober@hoonepilv.example", "phone": "+372 5846 6652",
     "languages": ("et", "en")},
    {"sme": "rattaringlus", "family_name": "Kütt", "given_name": "Triin", "title": "CEO",
     "email": "triin.kutt@rattaringlus.example", "phone": "+372 5319 2048",
     "languages": ("et", "en", "de")},
    {"sme": "kulastaja", "family_name": "Õunapuu", "given_name": "Jüri", "title": "Founder and CEO",
     "email": "juri.ounapuu@kulastaja.example", "phone": "+372 5067 7315",
     "languages": ("et", "en")},
)
# fmt: on

DELEGATES: tuple[str, ...] = (
    "Karin Lindqvist",
    "Mattias Öberg",
    "Jussi Heikkilä",
    "Laura Virtanen",
    "Kadri Põldma",
)

# fmt: off
MISSIONS: tuple[dict[str, object], ...] = (
    {"key": "hcmc-water-2025-10",
     "name": "Smart Water and Flood Resilience Mission to Ho Chi Minh City, October 2025",
     "markets": ("hcmc",), "start_date": "2025-10-13", "end_date": "2025-10-17",
     "smes": ("flodesvakt", "vattensparet", "vesivahti", "linnaandur", "veeseire",
              "jatekompassi", "prugitark"),
     "delegates": ("Karin Lindqvist", "Kadri Põldma"),
     "notes": "Timed for the October high tides (triều cường) so the SMEs could see the flood "
              "hot spots first-hand. Site visit to a tidal sluice gate hosted by the drainage "
              "centre on Wednesday."},
    {"key": "gz-mobility-2026-01",
     "name": "Smart Mobility and Urban Data Mission to Guangzhou, January 2026",
     "markets": ("guangzhou",), "start_date": "2026-01-12", "end_date": "2026-01-16",
     "smes": ("korsvag", "parkvy", "katualy", "kaupunkidata", "kartturi", "hoonepilv"),
     "delegates": ("Mattias Öberg", "Laura Virtanen"),
     "notes": "Scheduled well ahead of Chinese New Year (17 February 2026). Visa invitation "
              "letters were issued by the Smart City Development Office; allow six weeks."},
    {"key": "vn-mobility-2026-03",
     "name": "Smart Mobility Mission to Ho Chi Minh City and Da Nang, March 2026",
     "markets": ("hcmc", "danang"), "start_date": "2026-03-09", "end_date": "2026-03-14",
     "smes": ("korsvag", "laddstrak", "sahkopolku", "liiklustark", "rattaringlus", "katualy"),
     "delegates": ("Karin Lindqvist", "Jussi Heikkilä"),
     "notes": "Three days in Ho Chi Minh City incl. a Metro Line 1 (Bến Thành – Suối Tiên) "
              "operations visit, then an evening flight to Da Nang on Thursday."},
    {"key": "hebei-air-heat-2026-09",
     "name": "Clean Air and District Heating Mission to Hebei, September 2026",
     "markets": ("hebei",), "start_date": "2026-09-14", "end_date": "2026-09-18",
     "smes": ("klarluft", "varmeflode", "lampoverkko", "ilmari-sensorit", "soojusvork",
              "linnaandur"),
     "delegates": ("Jussi Heikkilä", "Kadri Põldma"),
     "notes": "Held before the heating season starts on 15 November so the utilities had time "
              "to meet. Two days in Shijiazhuang, one in Xiong'an, one in Baoding."},
    {"key": "danang-tourism-egov-2026-12",
     "name": "Smart Tourism and E-government Mission to Da Nang, December 2026",
     "markets": ("danang",), "start_date": "2026-12-07", "end_date": "2026-12-11",
     "smes": ("digiriik", "kulastaja", "tanavavalgus", "valokaari", "lumigrid", "rattaringlus",
              "veeseire"),
     "delegates": ("Laura Virtanen", "Kadri Põldma"),
     "notes": "Programme being finalised with the Department of Science and Technology; "
              "matchmaking day planned at the Software Park. Since the July 2025 merger with "
              "Quảng Nam, Hội An counterparts also belong to Da Nang."},
    {"key": "gz-hebei-energy-2027-03",
     "name": "Smart Energy and Buildings Mission to Guangzhou and Hebei, March 2027",
     "markets": ("guangzhou", "hebei"), "start_date": "2027-03-15", "end_date": "2027-03-20",
     "smes": ("byggpuls", "kiinteistoaly", "stadsmodell", "varmeflode", "sahkopolku",
              "hoonepilv", "lumigrid"),
     "delegates": ("Mattias Öberg", "Karin Lindqvist"),
     "notes": "Draft: Guangzhou Monday to Wednesday, evening flight to Shijiazhuang, Xiong'an "
              "on Friday, Saturday kept free as a buffer. Invitation letters still pending."},
)

# ``country`` is "" when a template fits any market, else the only country ("VN"/"CN") whose
# counterparts it should be used with (the notes use local terms or customs).
MEETING_TEMPLATES: tuple[dict[str, str], ...] = (
    {"title": "Introductory meeting with {org}", "country": "",
     "agenda": "- Introductions and programme background\n"
               "- Short pitches from the participating SMEs\n"
               "- The host's current smart-city priorities\n"
               "- Contact persons and next steps",
     "notes": "Warm first meeting. The host opened with an overview of their 2025–2030 digital "
              "transformation plan and gave each SME five minutes to pitch (strict on time). "
              "Business cards exchanged with both hands. English good on their side; the "
              "interpreter was only needed for Q&A. They asked for a one-page summary per "
              "company in English and, if possible, in the local language."},
    {"title": "Pilot scoping with {org}", "country": "",
     "agenda": "- Problem statement and candidate pilot sites\n"
               "- Power, connectivity and data available on site\n"
               "- Budget source and approval path\n"
               "- Timeline and success criteria",
     "notes": "Candidate site: a 1.2 km stretch with 40 poles, existing 4G coverage, power only "
              "at night on the lighting circuit. They want a pilot of < 3 months at no cost to "
              "the city for the hardware; O&M could be covered afterwards from the district "
              "budget. Proposed success criteria: 30 % energy saving & fault reports within "
              "24 h. A written proposal is needed before their internal planning meeting."},
    {"title": "Technical deep-dive with {org}", "country": "",
     "agenda": "- Architecture and interfaces\n"
               "- Hosting, security and data ownership\n"
               "- Integration with existing platforms",
     "notes": "Their engineers went straight to integration: MQTT vs. Modbus vs. OPC UA, where "
              "the data is hosted and whether we can run on their private cloud. Hosting "
              "abroad is a no-go. Alarm latency requirement < 5 s end to end. Asked for API "
              "documentation and a sample dataset. Good chemistry between the CTOs; after 20 "
              "minutes everyone moved to the whiteboard."},
    {"title": "Tender calendar briefing at {org}", "country": "VN",
     "agenda": "- Public investment plan and budget cycle\n"
               "- Upcoming tender packages\n"
               "- Eligibility of foreign suppliers\n"
               "- Role of local partners",
     "notes": "Briefing by the planning and finance division on how the city buys technology. "
              "Anything paid from the state budget must be in the approved medium-term public "
              "investment plan before it can go to đấu thầu (public tender), and the plan for "
              "the next period is being drafted now, so the realistic window for a large "
              "contract is 2027 or later. Small pilots below the chỉ định thầu (direct "
              "appointment) threshold can be contracted directly, but still need a cost "
              "estimate approved by the department and three quotations.\n\n"
              "They suggested three routes: (1) a free pilot financed by the SME, documented "
              "well enough to justify a later budget line; (2) xã hội hóa, where a private "
              "operator invests and is paid through a service fee; (3) an ODA-financed "
              "project where the lender's procurement rules apply. Route 2 is popular for "
              "parking & lighting. Foreign firms may bid, but documents must be in Vietnamese "
              "and a local partner with a track record is practically required. Action: map "
              "the integrators already on their vendor list."},
    {"title": "Procurement briefing with {org}", "country": "CN",
     "agenda": "- Project approval (立项) and budget cycle\n"
               "- Tendering platform and timelines\n"
               "- Requirements for foreign technology",
     "notes": "Walkthrough of how projects get 立项 (project approval) and then go to public "
              "招标 on the procurement platform. Foreign-owned suppliers may bid, but in "
              "practice the winner is usually a local SOE or integrator, with foreign tech as "
              "a sub-supplier. 信创 rules apply to servers & software in government data "
              "centres, so any SaaS would have to be deployed on a domestic cloud. Proposals "
              "must be in by Q3 to make next year's budget."},
    {"title": "Site visit hosted by {org}", "country": "",
     "agenda": "- Safety briefing\n"
               "- Walk-through of the site\n"
               "- Discussion of installation constraints",
     "notes": "Walked the site with two engineers from the operations team. Existing cabinets "
              "date from 2016 and half of them have no spare slot, so a retrofit needs new "
              "enclosures. Took ~80 photos (shared folder). Passports registered at the gate, "
              "allow 20 min extra next time. Heat & humidity are serious: IP66 minimum."},
    {"title": "Investor pitch session with {org}", "country": "",
     "agenda": "- Fund presentation and investment focus\n"
               "- SME pitches, 10 minutes each\n"
               "- Q&A and next steps",
     "notes": "Three SMEs pitched (10 min + 10 min Q&A each). Ticket size USD 1–5 million, "
              "preferably in companies that set up a local entity. They pushed hard on unit "
              "economics and local manufacturing: gross margin per device, reference customers "
              "in Asia, IP ownership. Data rooms requested within two weeks. The partner was "
              "most interested in the SaaS model with recurring revenue."},
    {"title": "Data-sharing and privacy discussion with {org}", "country": "CN",
     "agenda": "- Which data would leave the city systems\n"
               "- Security classification and certification\n"
               "- Hosting options",
     "notes": "Long discussion on 数据出境 (cross-border data transfer): raw sensor data must "
              "stay in China; aggregated statistics may be shared after a security assessment. "
              "Their systems are rated 等保三级 (MLPS level 3), so any connected platform needs "
              "the same certification and a local hosting partner. Good news: anonymised "
              "traffic counts are not considered important data (重要数据)."},
    {"title": "University research partnership with {org}", "country": "",
     "agenda": "- Presentation of the university testbed\n"
               "- Joint research and student exchange\n"
               "- Funding calls and IP terms",
     "notes": "Professor and two PhD students presented their testbed. They want joint "
              "publications and student exchanges; the SME wants field data & independent "
              "validation. Possible joint application to a bilateral research call next "
              "spring. IP needs care: university rules give it ownership of results produced "
              "by its staff."},
    {"title": "Courtesy call on {org} leadership", "country": "VN",
     "agenda": "- Welcome by the host\n"
               "- Presentation of the export programme\n"
               "- Exchange of gifts and photo",
     "notes": "Formal courtesy call, 30 minutes, seating by rank with the Deputy Director in "
              "the centre. Speeches in Vietnamese with consecutive interpretation; we presented "
              "the programme and gave a small gift (glass bird from Finland). Group photo for "
              "the department's news page. Not the place for commercial detail, follow up at "
              "working level. Reminder: address counterparts as anh/chị + given name (chị "
              "Khai, anh Bảo), not by family name."},
    {"title": "Matchmaking round table at {org}", "country": "",
     "agenda": "- Opening remarks\n"
               "- Rotating B2B tables, 20 minutes each\n"
               "- Networking lunch",
     "notes": "Round table with 14 local participants & 6 SMEs, rotating every 20 min. "
              "Strongest interest in flood sensors and smart lighting. Two integrators asked "
              "for distributor terms. Interpreter shortage at two tables slowed things down; "
              "next time book one interpreter per two tables."},
    {"title": "Demo of flood sensors for {org}", "country": "VN",
     "agenda": "- Installation demo on site\n"
               "- Live data on the dashboard\n"
               "- Comparison with current manual readings\n"
               "- Trial set-up",
     "notes": "Live demo at the canal: sensor mounted under the bridge in 15 minutes, data on "
              "the dashboard via 4G within a minute. The host compared it with the manual "
              "readings at their tide gauges. Key question is battery life through the mùa "
              "mưa (rainy season) with frequent alarms: < 2 years would be a problem. They "
              "want to see behaviour during a triều cường (king tide), so we propose leaving "
              "two units for a 3-month trial from October to December.\n\n"
              "The director asked whether the data can be pushed into their existing flood map "
              "and the Zalo alert group used by the district teams. Technically easy via "
              "webhook; agreed to prepare a short note on the integration & who owns the data. "
              "Installation permit for the bridge has to come from the district, which the "
              "centre will request. Mounting brackets must be stainless steel because of the "
              "brackish water. Next step: written trial proposal in English and Vietnamese by "
              "the end of the month, copied to the senior hydraulic engineer."},
    {"title": "Smart lighting retrofit workshop with {org}", "country": "",
     "agenda": "- Inventory of the current lighting network\n"
               "- Operational pain points\n"
               "- Control options and business models",
     "notes": "Workshop with the lighting division & the power company. Roughly 18,000 "
              "luminaires, 60 % already LED but without controls. Pain points: cable theft, no "
              "fault reporting, night inspections by truck. Dimming must respect the minimum "
              "illuminance rules for main roads. They asked for a cost comparison: controller "
              "per pole vs. per cabinet."},
    {"title": "Procurement rules Q&A with {org}", "country": "",
     "agenda": "- Eligibility and required documents\n"
               "- Legalisation and translation\n"
               "- Bid security and payment terms",
     "notes": "Q&A on eligibility & documents: company registration, audited accounts for 3 "
              "years, references from public clients and a local representative with power "
              "of attorney. Certified translation needed; for Vietnam consular legalisation, "
              "for China an apostille is enough since November 2023. Bid security is usually "
              "1–3 % of the package value; payment 60–90 days after acceptance."},
    {"title": "Localisation and partner model with {org}", "country": "",
     "agenda": "- Market entry options\n"
               "- Installation and maintenance capacity\n"
               "- Distributor margins and support",
     "notes": "Discussed direct sales vs. distributor vs. joint venture. The host strongly "
              "recommends a local partner for installation & maintenance; they have seen "
              "foreign pilots fail once the engineers flew home. Options: license the "
              "software, assemble enclosures locally, stock spare parts in-country. "
              "Distributor margin expectations around 25–35 %."},
    {"title": "Memorandum of understanding drafting with {org}", "country": "",
     "agenda": "- Scope and duration\n"
               "- Language versions\n"
               "- Signing ceremony",
     "notes": "Went through their MoU template paragraph by paragraph. Non-binding, 2 years, "
              "bilingual with both versions equally valid; we asked for English to prevail in "
              "case of conflict and they will check internally. Signing could happen during "
              "the return visit, with press. We need a signatory letter and a company stamp."},
    {"title": "Dinner with {org} delegation", "country": "CN",
     "agenda": "- Welcome toast\n"
               "- Informal discussion\n"
               "- Exchange of WeChat contacts",
     "notes": "Dinner hosted by the counterpart: round table, host facing the door, several "
              "干杯 toasts with baijiu. Relationship-building rather than business, but the "
              "Director mentioned a new 试点 (pilot) zone planned for next year and said Nordic "
              "partners would be welcome. Three new contacts added on WeChat; the 微信群 (group "
              "chat) is now the main channel."},
    {"title": "Air quality network review with {org}", "country": "",
     "agenda": "- Current monitoring network\n"
               "- Data quality issues\n"
               "- Co-location campaign proposal",
     "notes": "Reviewed their network: 12 reference stations & ~200 micro-sensors of mixed "
              "brands, calibrated twice a year. Data gaps during power cuts and drift when "
              "humidity > 85 %. They would like a 3-month co-location campaign comparing "
              "Nordic sensors with a reference station. PM2.5 winter peaks are the political "
              "priority."},
    {"title": "District heating benchmark visit at {org}", "country": "CN",
     "agenda": "- Visit to a heat exchange station\n"
               "- Dispatch centre and control strategy\n"
               "- Metering and data availability\n"
               "- Pilot options before the heating season",
     "notes": "Visit to a heat exchange station (换热站) and the dispatch centre. The network "
              "serves about 60 million m² of floor area and still runs on supply temperature "
              "curves set by hand at the start of each heating season. Heat losses are "
              "estimated at 15–20 %, and the 煤改气 / 煤改电 (coal-to-gas, coal-to-electricity) "
              "conversions in the surrounding villages have changed the load profile.\n\n"
              "The technical director was very interested in hourly meter data and supply "
              "temperature optimisation, and asked detailed questions about substations with "
              "poor data quality. Constraint: any software touching dispatch must run "
              "on-premises on domestic servers (信创) with no internet connection. Their view: "
              "\"we need a reference in a northern Chinese city first\", so a small pilot on "
              "two substations before the season starts on 15 November would be ideal. "
              "Follow-up: send the Västerås and Vaasa case studies & ask for anonymised "
              "substation data from last winter. Staff address the chief engineer as 总工; "
              "worth using in follow-up messages."},
    {"title": "Traffic control centre tour at {org}", "country": "",
     "agenda": "- Tour of the control room\n"
               "- Signal timing practice\n"
               "- Incident management workflow",
     "notes": "Control room with a 40-screen video wall, ~900 signalised junctions of which "
              "about a third are connected. Signal plans are fixed-time and updated by hand "
              "twice a year. Operators showed the incident workflow & the link to the police. "
              "Engineers curious about adaptive control but worried about motorbike-dominated "
              "traffic: algorithms must handle mixed flows."},
    {"title": "E-government services exchange with {org}", "country": "VN",
     "agenda": "- Current online public services\n"
               "- Back-office integration and e-ID\n"
               "- Study visit proposal",
     "notes": "Exchange on dịch vụ công trực tuyến (online public services). The portal works; "
              "the problem is back-office integration between departments and the VNeID "
              "login. The Estonian SME presented the data-exchange layer & digital signatures. "
              "Host asked for a study visit to Tallinn for 6–8 officials next year."},
    {"title": "Funding and co-investment talk with {org}", "country": "",
     "agenda": "- Financing options for a pilot\n"
               "- Co-funding from EU and ODA sources\n"
               "- Approval thresholds",
     "notes": "City budget not available before the next fiscal year. Options: vendor-financed "
              "pilot, EU programme co-funding, or climate finance via an ODA lender. The "
              "planning & investment team must approve anything > USD 100,000. They asked for "
              "a one-page financing scheme."},
    {"title": "Wrap-up and next steps with {org}", "country": "",
     "agenda": "- Summary of the week\n"
               "- Focal points per pilot idea\n"
               "- Timeline for proposals and return visit",
     "notes": "Summary of the week: 4 concrete pilot ideas, 2 MoU drafts, 11 follow-ups. Host "
              "named a focal point for each pilot idea. Written proposals within 4 weeks, "
              "video call in 6 weeks, return visit possibly at the next smart-city expo. "
              "Remember that nothing moves around Tết / Chinese New Year."},
    {"title": "Video call: pilot results review with {org}", "country": "",
     "agenda": "- Pilot data and uptime\n"
               "- Issues found\n"
               "- Extension and scale-up",
     "notes": "Connection poor, switched to phone audio. After 8 weeks: 99.2 % uptime, 3 false "
              "alarms traced to a loose cable. Host satisfied but wants the report in their "
              "official template, stamped, before presenting to leadership. Next: extend the "
              "pilot by 3 months & add 10 units."},
    {"title": "Joint proposal planning with {org}", "country": "",
     "agenda": "- Funding call and eligibility\n"
               "- Roles and budget split\n"
               "- Letters of support and deadlines",
     "notes": "Planning a joint proposal for the next funding call: the counterpart as end user "
              "& co-applicant, the university for evaluation, two SMEs for technology. Budget "
              "split roughly 60/25/15. Concept note due in 5 weeks; their letter of support "
              "signed by the department head takes ~2 weeks internally."},
)
# fmt: on

FOLLOW_UP_TEXTS: tuple[str, ...] = (
    "Send English product sheet to the host and copy the interpreter",
    "Ask for the tender calendar for next year",
    "Share the reference case with measured energy savings",
    "Request site drawings and the pole inventory for the pilot street",
    "Prepare a Vietnamese translation of the one-pager",
    "Prepare a Simplified Chinese version of the company presentation",
    "Send thank-you note and group photo via Zalo",
    "Add the counterpart to the mission WeChat group",
    "Check data-hosting and certification requirements with the embassy",
    "Ask whether the pilot can be co-funded from the EU programme budget",
    "Book a follow-up video call in two weeks",
    "Send draft MoU text for legal review",
    "Confirm who signs on their side and the approval chain",
    "Share API documentation and a sample dataset",
    "Introduce the SME to a local system integrator",
    "Ask for the list of pre-qualified suppliers",
    "Invite a return delegation to Tallinn and Tartu in spring",
    "Send pricing indication in USD, excluding VAT and import duties",
    "Check visa invitation letter requirements for the next visit",
    "Follow up on the promised air-quality dataset",
    "Ask for feedback on the pilot proposal before their internal meeting",
)

LEAD_TITLES: tuple[str, ...] = (
    "Smart street-lighting pilot: {sme} × {org}",
    "Flood early-warning sensors: {sme} × {org}",
    "Adaptive traffic signals pilot: {sme} × {org}",
    "Air quality sensor network: {sme} × {org}",
    "District heating optimisation: {sme} × {org}",
    "Digital twin proof of concept: {sme} × {org}",
    "E-government data exchange: {sme} for {org}",
    "Smart parking pilot in the city centre: {sme} × {org}",
    "Water leak detection trial: {sme} × {org}",
    "E-bus charging depot study: {sme} × {org}",
    "Visitor-flow analytics for the beach area: {sme} × {org}",
    "Building energy retrofit pilot: {sme} × {org}",
    "Bike-sharing fleet software: {sme} × {org}",
    "Waste collection route optimisation: {sme} × {org}",
    "Joint R&D project: {sme} and {org}",
    "Distribution partnership: {sme} via {org}",
    "Co-investment discussion: {org} in {sme}",
    "Smart pole demonstration street: {sme} × {org}",
    "Heat meter roll-out: {sme} × {org}",
    "Training programme for city engineers: {sme} × {org}",
    "Open-data portal upgrade: {sme} × {org}",
)

LOCATIONS: dict[str, tuple[str, ...]] = {
    "hcmc": (
        "People's Committee building, 86 Lê Thánh Tôn, Sài Gòn Ward (former District 1)",
        "Department meeting room 3.2, Điện Biên Phủ street",
        "Hotel lobby café, Nguyễn Huệ walking street",
        "Partner office, Landmark 81 tower, Bình Thạnh",
        "Quang Trung Software City, former District 12",
        "Tidal sluice gate site office, Nhà Bè",
    ),
    "danang": (
        "Da Nang Administrative Centre, 24 Trần Phú, Hải Châu",
        "Operations centre control room, Administrative Centre",
        "Da Nang Software Park, 2 Quang Trung",
        "Beachfront hotel meeting room, Võ Nguyên Giáp street, Sơn Trà",
        "Da Nang Hi-Tech Park site office, Hòa Liên",
    ),
    "guangzhou": (
        "Guangzhou Municipal Government, 1 Fuqian Road, Yuexiu District",
        "Partner office, Zhujiang New Town, Tianhe District",
        "Pazhou exhibition and conference centre, Haizhu District",
        "Nansha Science City, Nansha District",
        "Guangzhou Science City, Huangpu District",
        "Hotel lobby, Tianhe Road",
    ),
    "hebei": (
        "Provincial government compound, Shijiazhuang",
        "Xiong'an Citizen Service Centre, Rongcheng County",
        "Heating company dispatch centre, Chang'an District, Shijiazhuang",
        "Hotel meeting room, Zhongshan Road, Shijiazhuang",
        "University campus, Baoding",
    ),
}
