"""Official socio-economic indicator names and the ways people say them, as data, with one
small lookup. Sources: the names used by the reports themselves and the national statistical
indicator system (Luật Thống kê, hệ thống chỉ tiêu thống kê quốc gia / cấp tỉnh, huyện, xã):
GRDP, IIP, tổng mức bán lẻ, thu - chi ngân sách, vốn đầu tư, lao động - việc làm, an sinh,
giáo dục, y tế, môi trường, trật tự an toàn xã hội.

Each entry: canonical key, official name, then other names — abbreviations, everyday words,
older or regional phrasing. Matching is on folded syllables (no diacritics, lower case), so
"thu ngan sach" finds "thu ngân sách". A key names WHAT is measured; the relation (plan,
estimate, % of plan …) and the unit are separate fields of a record.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from index.vi.lexicon import TERM_ABBREVIATIONS_FOLDED, in_common_words
from index.vi.text import fold

# key, official name, aliases
ENTRIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # --- growth, production ----------------------------------------------------------------
    ("grdp_growth", "tốc độ tăng trưởng tổng sản phẩm trên địa bàn", ("tăng trưởng GRDP", "tốc độ tăng trưởng GRDP", "GRDP", "tăng trưởng kinh tế", "tổng sản phẩm trên địa bàn", "tốc độ tăng trưởng kinh tế")),
    ("grdp_per_capita", "GRDP bình quân đầu người", ("thu nhập bình quân đầu người", "GDP bình quân đầu người", "bình quân đầu người")),
    ("gdp", "tổng sản phẩm trong nước", ("GDP",)),
    ("growth_industry_construction", "tăng trưởng công nghiệp và xây dựng", ("công nghiệp và xây dựng", "khu vực công nghiệp - xây dựng", "công nghiệp - xây dựng")),
    ("growth_services", "tăng trưởng khu vực dịch vụ", ("khu vực dịch vụ", "ngành dịch vụ")),
    ("growth_agriculture", "tăng trưởng nông, lâm nghiệp, thủy sản", ("nông, lâm nghiệp, thủy sản", "khu vực nông nghiệp")),
    ("product_taxes", "thuế sản phẩm trừ trợ cấp sản phẩm", ("thuế sản phẩm",)),
    ("iip", "chỉ số sản xuất công nghiệp", ("IIP", "chỉ số công nghiệp")),
    ("industrial_output", "giá trị sản xuất công nghiệp", ("sản xuất công nghiệp", "GTSX công nghiệp", "giá trị công nghiệp", "công nghiệp - tiểu thủ công nghiệp", "tiểu thủ công nghiệp", "CN - TTCN", "sản xuất CN", "GTSX CN")),
    ("agri_output", "giá trị sản xuất nông, lâm, thủy sản", ("giá trị sản xuất nông nghiệp", "sản xuất nông nghiệp", "giá trị nông nghiệp", "nông, lâm, thủy sản")),
    ("agriculture_value", "giá trị sản xuất nông nghiệp (trồng trọt, chăn nuôi)", ("nông nghiệp",)),
    ("fishery_value", "giá trị sản xuất thủy sản", ("thủy sản", "nuôi trồng thủy sản", "sản lượng thủy sản")),
    ("construction_value", "giá trị sản xuất xây dựng", ("ngành xây dựng",)),
    ("sown_area", "diện tích gieo trồng", ("diện tích gieo cấy", "diện tích cây trồng", "gieo trồng",
                                         # the Mekong delta sows rice broadcast: "gieo sạ", "xuống giống"
                                         "diện tích gieo sạ", "gieo sạ", "diện tích xuống giống", "xuống giống")),
    ("rice_area", "diện tích lúa", ("diện tích cây lúa", "diện tích trồng lúa", "cây lúa")),
    ("rice_yield", "năng suất lúa", ("năng suất", "năng suất bình quân")),
    ("food_output", "sản lượng lương thực có hạt", ("sản lượng lương thực", "lương thực cây có hạt", "sản lượng lúa")),
    ("livestock", "tổng đàn gia súc, gia cầm", ("đàn gia súc", "đàn gia cầm", "tổng đàn", "đàn lợn", "đàn trâu bò", "chăn nuôi")),
    ("vaccination_animals", "tiêm phòng cho đàn vật nuôi", ("tiêm phòng", "tiêm phòng gia súc", "tiêm phòng vắc xin")),
    ("new_rural", "xây dựng nông thôn mới", ("NTM", "nông thôn mới", "xã đạt chuẩn nông thôn mới", "nông thôn mới kiểu mẫu", "nông thôn mới nâng cao")),
    # --- trade, services, tourism -------------------------------------------------------------
    ("retail_sales", "tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng", ("tổng mức bán lẻ hàng hóa", "tổng mức bán lẻ", "bán lẻ hàng hóa", "doanh thu bán lẻ", "sức mua")),
    ("accommodation_food", "doanh thu dịch vụ lưu trú và ăn uống", ("lưu trú và ăn uống", "lưu trú, ăn uống", "nhà hàng, khách sạn", "nhà hàng khách sạn", "khách sạn, nhà hàng", "dịch vụ ăn uống", "dịch vụ lưu trú")),
    ("trade_services_revenue", "doanh thu các ngành thương mại, dịch vụ", ("doanh thu thương mại, dịch vụ", "doanh thu thương mại dịch vụ", "thương mại, dịch vụ", "thương mại dịch vụ", "doanh thu dịch vụ")),
    ("tourists", "số lượt khách du lịch", ("khách du lịch", "lượt khách du lịch", "lượng khách du lịch", "lượt khách", "lượng khách", "du khách",
                                          "khách lưu trú", "khách do các cơ sở lưu trú phục vụ", "khách do cơ sở lưu trú phục vụ")),
    ("international_tourists", "khách du lịch quốc tế", ("khách quốc tế", "khách nước ngoài")),
    ("tourism_revenue", "doanh thu du lịch", ("tổng thu từ khách du lịch", "thu từ du lịch")),
    ("exports", "kim ngạch xuất khẩu", ("xuất khẩu", "giá trị xuất khẩu", "KNXK")),
    ("imports", "kim ngạch nhập khẩu", ("nhập khẩu", "giá trị nhập khẩu")),
    ("port_cargo", "sản lượng hàng hóa thông qua cảng", ("hàng hóa thông qua cảng", "hàng qua cảng", "sản lượng hàng qua cảng", "lượng hàng qua cảng", "hàng hóa qua cảng")),
    ("cpi", "chỉ số giá tiêu dùng", ("CPI", "lạm phát", "giá tiêu dùng")),
    ("markets", "hệ thống chợ", ("chợ truyền thống", "chợ dân sinh", "quản lý chợ")),
    ("transport_revenue", "doanh thu vận tải", ("vận tải hàng hóa", "vận tải hành khách", "vận chuyển hành khách")),
    # --- public finance -------------------------------------------------------------------------
    ("budget_revenue_total", "tổng thu ngân sách nhà nước trên địa bàn", ("tổng thu ngân sách", "thu ngân sách nhà nước", "thu ngân sách trên địa bàn", "thu NSNN", "tổng thu NSNN", "thu ngân sách", "nguồn thu ngân sách")),
    ("budget_revenue_balanced", "tổng thu cân đối ngân sách nhà nước", ("thu cân đối ngân sách", "thu cân đối", "thu cân đối NSNN")),
    ("budget_revenue_local", "thu ngân sách địa phương", ("thu ngân sách quận, phường", "thu ngân sách huyện, xã", "thu ngân sách cấp quận", "thu ngân sách cấp huyện", "ngân sách địa phương")),
    ("domestic_revenue", "thu nội địa", ("thu nội địa", "nguồn thu nội địa")),
    ("trade_revenue", "thu từ hoạt động xuất nhập khẩu", ("thu xuất nhập khẩu", "thu thuế xuất nhập khẩu", "thu từ xuất nhập khẩu", "thu hải quan")),
    ("non_state_tax", "thu thuế ngoài quốc doanh", ("thu ngoài quốc doanh", "thuế ngoài quốc doanh", "thuế công thương nghiệp ngoài quốc doanh", "thuế CTN ngoài quốc doanh", "thu CTN ngoài quốc doanh", "kinh tế tư nhân", "thuế khu vực tư nhân", "thu từ khu vực kinh tế ngoài quốc doanh", "khu vực ngoài quốc doanh")),
    ("personal_income_tax", "thuế thu nhập cá nhân", ("thuế TNCN", "TNCN", "thu nhập cá nhân")),
    ("registration_fee", "lệ phí trước bạ", ("trước bạ", "phí trước bạ", "thuế trước bạ")),
    ("land_use_fee", "thu tiền sử dụng đất", ("tiền sử dụng đất", "thu tiền đất", "tiền đất", "thu từ đất")),
    ("land_rent", "thu tiền thuê đất", ("tiền thuê đất", "thuê đất")),
    ("non_agri_land_tax", "thuế sử dụng đất phi nông nghiệp", ("thuế đất phi nông nghiệp", "thuế nhà đất")),
    ("fees_charges", "thu phí, lệ phí", ("phí, lệ phí", "phí và lệ phí", "thu phí")),
    ("other_revenue", "thu khác ngân sách", ("thu khác",)),
    ("budget_expenditure_total", "tổng chi ngân sách", ("chi ngân sách", "tổng chi ngân sách địa phương", "chi ngân sách địa phương", "tổng chi NSĐP", "chi NSĐP", "chi ngân sách quận, phường", "chi NSNN", "tổng chi")),
    ("development_investment_spending", "chi đầu tư phát triển", ("chi đầu tư", "chi ĐTPT", "chi cho đầu tư phát triển")),
    ("recurrent_spending", "chi thường xuyên", ("chi hành chính", "chi sự nghiệp")),
    ("public_investment_disbursement", "giải ngân vốn đầu tư công", ("giải ngân đầu tư công", "giải ngân", "giải ngân vốn", "vốn đầu tư công", "đầu tư công", "tiến độ giải ngân")),
    ("total_social_investment", "tổng vốn đầu tư toàn xã hội", ("vốn đầu tư toàn xã hội", "vốn đầu tư phát triển toàn xã hội", "tổng vốn đầu tư")),
    ("fdi", "thu hút vốn đầu tư trực tiếp nước ngoài", ("FDI", "vốn FDI", "đầu tư nước ngoài", "vốn đầu tư nước ngoài", "thu hút vốn đầu tư nước ngoài", "thu hút đầu tư nước ngoài")),
    ("domestic_investment", "thu hút vốn đầu tư trong nước", ("đầu tư trong nước", "DDI", "vốn đầu tư trong nước")),
    ("new_enterprises", "số doanh nghiệp thành lập mới", ("doanh nghiệp thành lập mới", "doanh nghiệp mới", "đăng ký doanh nghiệp", "thành lập mới doanh nghiệp", "công ty mới", "công ty thành lập mới")),
    ("household_businesses", "hộ kinh doanh cá thể", ("hộ kinh doanh", "đăng ký kinh doanh", "giấy chứng nhận đăng ký kinh doanh", "hộ sản xuất kinh doanh")),
    ("business_licenses", "giấy phép kinh doanh", ("giấy phép bán lẻ", "giấy phép bán lẻ rượu", "giấy phép bán lẻ sản phẩm thuốc lá")),
    ("cooperatives", "hợp tác xã", ("HTX", "tổ hợp tác")),
    # --- urban management, land, environment ---------------------------------------------------
    ("construction_permits", "giấy phép xây dựng", ("cấp phép xây dựng", "GPXD", "cấp giấy phép xây dựng")),
    ("construction_violations", "vi phạm trật tự xây dựng", ("vi phạm xây dựng", "công trình vi phạm", "trật tự xây dựng", "xây dựng trái phép", "xây dựng không phép")),
    ("land_certificates", "cấp giấy chứng nhận quyền sử dụng đất", ("giấy chứng nhận quyền sử dụng đất", "sổ đỏ", "GCNQSDĐ", "cấp giấy chứng nhận", "cấp sổ đỏ")),
    ("land_recovery", "thu hồi đất, giải phóng mặt bằng", ("giải phóng mặt bằng", "GPMB", "thu hồi đất", "bồi thường giải phóng mặt bằng")),
    ("land_violations", "vi phạm đất đai", ("lấn chiếm đất", "vi phạm về đất đai")),
    ("planning_projects", "đồ án quy hoạch", ("quy hoạch", "nhiệm vụ quy hoạch", "đồ án")),
    ("infrastructure_projects", "công trình xây dựng cơ bản", ("công trình", "dự án đầu tư", "dự án", "xây dựng cơ bản", "XDCB")),
    ("waste_collection", "tỷ lệ thu gom, xử lý rác thải", ("thu gom rác", "rác thải", "chất thải rắn", "thu gom chất thải", "vệ sinh môi trường")),
    ("clean_water", "tỷ lệ dân cư được dùng nước sạch", ("nước sạch", "nước hợp vệ sinh", "cấp nước")),
    ("urban_lighting_trees", "chiếu sáng, cây xanh đô thị", ("cây xanh", "chiếu sáng")),
    ("apartments_old", "chung cư cũ", ("cải tạo chung cư cũ", "chung cư nguy hiểm", "chung cư")),
    ("forest_cover", "tỷ lệ che phủ rừng", ("độ che phủ rừng", "che phủ rừng", "trồng rừng", "trồng cây")),
    ("environmental_violations", "vi phạm về môi trường", ("xử phạt môi trường", "ô nhiễm môi trường")),
    # --- labour, social -------------------------------------------------------------------------
    ("jobs_created", "số lao động được giải quyết việc làm", ("giải quyết việc làm", "tạo việc làm", "việc làm mới", "lao động có việc làm", "việc làm")),
    ("labour_export", "lao động đi làm việc ở nước ngoài", ("xuất khẩu lao động", "XKLĐ", "lao động đi nước ngoài")),
    ("trained_labour", "tỷ lệ lao động qua đào tạo", ("lao động qua đào tạo", "đào tạo nghề", "dạy nghề", "lao động có bằng cấp, chứng chỉ")),
    ("unemployment", "tỷ lệ thất nghiệp", ("thất nghiệp", "người thất nghiệp")),
    ("poor_households", "tỷ lệ hộ nghèo", ("hộ nghèo", "giảm nghèo", "nghèo đa chiều")),
    ("near_poor_households", "tỷ lệ hộ cận nghèo", ("hộ cận nghèo", "cận nghèo")),  # near-poor: another list than the poor
    ("health_insurance", "tỷ lệ dân số tham gia bảo hiểm y tế", ("BHYT", "bảo hiểm y tế", "thẻ BHYT", "thẻ bảo hiểm y tế", "bao phủ bảo hiểm y tế")),
    ("social_insurance", "tỷ lệ lực lượng lao động tham gia bảo hiểm xã hội", ("BHXH", "bảo hiểm xã hội", "BHXH tự nguyện", "BHXH bắt buộc")),
    ("unemployment_insurance", "bảo hiểm thất nghiệp", ("BHTN",)),
    ("social_allowances", "trợ cấp xã hội", ("bảo trợ xã hội", "trợ cấp", "đối tượng bảo trợ xã hội", "chi trả trợ cấp")),
    ("meritorious_people", "chính sách người có công", ("người có công", "thương binh, liệt sĩ", "gia đình chính sách")),
    ("gifts_holidays", "tặng quà dịp lễ, Tết", ("tặng quà", "quà Tết", "suất quà", "phần quà", "thăm hỏi, tặng quà")),
    ("charity_houses", "nhà tình nghĩa, nhà đại đoàn kết", ("nhà đại đoàn kết", "nhà tình nghĩa", "nhà tình thương", "hỗ trợ nhà ở")),
    ("children_protection", "bảo vệ, chăm sóc trẻ em", ("trẻ em", "trẻ em có hoàn cảnh đặc biệt")),
    ("population", "dân số trung bình", ("dân số", "quy mô dân số", "số dân", "nhân khẩu")),
    ("birth_rate", "tỷ suất sinh", ("tỷ lệ sinh", "mức sinh", "tỷ lệ sinh con thứ 3", "sinh con thứ ba")),
    ("sex_ratio_birth", "tỷ số giới tính khi sinh", ("mất cân bằng giới tính khi sinh",)),
    # --- education, culture, health -------------------------------------------------------------
    ("schools_standard", "trường đạt chuẩn quốc gia", ("trường chuẩn quốc gia", "trường đạt chuẩn", "chuẩn quốc gia")),
    ("pupils", "số học sinh", ("học sinh", "học sinh các cấp", "tuyển sinh")),
    ("graduation_rate", "tỷ lệ tốt nghiệp", ("tốt nghiệp THPT", "tốt nghiệp THCS", "tỷ lệ học sinh tốt nghiệp", "thi tốt nghiệp")),
    ("excellent_pupils", "học sinh giỏi", ("HSG", "học sinh giỏi cấp thành phố", "giải học sinh giỏi")),
    ("initiatives", "sáng kiến kinh nghiệm", ("sáng kiến", "chấm sáng kiến")),
    ("cultural_families", "gia đình văn hóa", ("gia đình đạt danh hiệu văn hóa", "danh hiệu gia đình văn hóa")),
    ("cultural_residential", "khu dân cư văn hóa", ("tổ dân phố văn hóa", "thôn văn hóa", "khu dân cư đạt danh hiệu văn hóa")),
    ("health_stations_standard", "trạm y tế đạt chuẩn quốc gia", ("trạm y tế đạt chuẩn", "chuẩn quốc gia về y tế", "tiêu chí quốc gia về y tế")),
    ("hospital_beds", "số giường bệnh trên vạn dân", ("giường bệnh",)),
    ("doctors", "số bác sĩ trên vạn dân", ("bác sĩ",)),
    ("medical_exams", "số lượt khám chữa bệnh", ("khám chữa bệnh", "khám bệnh", "lượt khám")),
    ("child_malnutrition", "tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng", ("suy dinh dưỡng", "trẻ suy dinh dưỡng", "suy dinh dưỡng thể thấp còi")),
    ("immunization", "tỷ lệ tiêm chủng mở rộng", ("tiêm chủng", "tiêm chủng đầy đủ", "tiêm vắc xin")),
    ("covid_vaccination", "tiêm vắc xin phòng COVID-19", ("vắc xin COVID", "tiêm phòng COVID-19", "COVID-19")),
    ("food_safety", "an toàn vệ sinh thực phẩm", ("ATVSTP", "vệ sinh an toàn thực phẩm", "an toàn thực phẩm", "ngộ độc thực phẩm")),
    ("epidemics", "dịch bệnh", ("sốt xuất huyết", "ca mắc", "bệnh truyền nhiễm")),
    # --- administration, digital ---------------------------------------------------------------
    ("admin_procedures", "thủ tục hành chính", ("TTHC", "hồ sơ thủ tục hành chính", "hồ sơ", "một cửa", "bộ phận một cửa")),
    ("online_services", "dịch vụ công trực tuyến", ("DVCTT", "dịch vụ công", "hồ sơ trực tuyến", "nộp hồ sơ trực tuyến")),
    ("par_index", "chỉ số cải cách hành chính", ("PAR INDEX", "cải cách hành chính", "CCHC")),
    ("pci", "chỉ số năng lực cạnh tranh cấp tỉnh", ("PCI", "năng lực cạnh tranh")),
    ("digital_transformation", "chuyển đổi số", ("chữ ký số", "định danh điện tử", "VNeID", "căn cước công dân", "CCCD")),
    ("documents_issued", "văn bản chỉ đạo, điều hành", ("văn bản", "văn bản ban hành", "văn bản chỉ đạo")),
    # --- justice, security, defence -------------------------------------------------------------
    # not "đơn" alone: folded, it is also "đón" ("đón 286.400 lượt khách")
    ("complaints", "khiếu nại, tố cáo", ("đơn thư", "đơn thư khiếu nại, tố cáo", "khiếu nại", "tố cáo", "kiến nghị, phản ánh")),
    ("citizen_reception", "tiếp công dân", ("tiếp dân", "lượt công dân", "tiếp công dân định kỳ")),
    ("inspections", "thanh tra, kiểm tra", ("cuộc thanh tra", "thanh tra", "kiểm tra", "đoàn kiểm tra")),
    ("crimes", "tội phạm về trật tự xã hội", ("tội phạm", "vụ phạm pháp hình sự", "phạm pháp hình sự", "án hình sự", "vụ án")),
    ("drugs", "tội phạm và tệ nạn ma túy", ("ma túy", "tệ nạn ma túy", "người nghiện", "người nghiện ma túy")),
    ("traffic_accidents", "tai nạn giao thông", ("TNGT", "vụ tai nạn giao thông", "an toàn giao thông", "vi phạm giao thông")),
    ("traffic_deaths", "số người chết do tai nạn giao thông", ("người chết do tai nạn giao thông", "người chết vì tai nạn giao thông",
                                                            "chết do tai nạn giao thông", "chết vì tai nạn giao thông",
                                                            "tử vong do tai nạn giao thông", "người chết vì TNGT", "người chết do TNGT")),
    ("traffic_injuries", "số người bị thương do tai nạn giao thông", ("người bị thương do tai nạn giao thông",
                                                                    "bị thương do tai nạn giao thông", "bị thương vì tai nạn giao thông")),
    ("fires", "cháy, nổ", ("vụ cháy", "cháy nổ", "PCCC", "phòng cháy chữa cháy", "đám cháy")),
    ("military_recruitment", "tuyển chọn gọi công dân nhập ngũ", ("tuyển quân", "giao quân", "giao nhận quân", "nhập ngũ", "gọi công dân nhập ngũ", "tân binh", "nghĩa vụ quân sự")),
    ("militia", "dân quân tự vệ", ("DQTV", "lực lượng dân quân")),
    ("mediation", "hòa giải ở cơ sở", ("hòa giải", "vụ việc hòa giải", "hòa giải thành")),
    ("legal_dissemination", "phổ biến, giáo dục pháp luật", ("tuyên truyền pháp luật", "PBGDPL", "phổ biến pháp luật")),
    ("civil_status", "hộ tịch, chứng thực", ("chứng thực", "đăng ký khai sinh", "khai sinh", "khai tử", "đăng ký kết hôn", "hộ tịch")),
    # --- party building -------------------------------------------------------------------------
    ("new_party_members", "kết nạp đảng viên mới", ("kết nạp đảng viên", "đảng viên mới", "kết nạp đảng", "phát triển đảng viên")),
    ("party_discipline", "kỷ luật đảng viên", ("kỷ luật", "thi hành kỷ luật", "kiểm tra, giám sát")),
)


# Indicators that stand in for one another when a report does not give the one asked for: a
# district reports "tổng thu cân đối" where a city reports "tổng thu ngân sách trên địa bàn".
# Answers always name the indicator each figure is.
RELATED: dict[str, tuple[str, ...]] = {
    "budget_revenue_total": ("budget_revenue_balanced", "budget_revenue_local"),
    "budget_revenue_balanced": ("budget_revenue_total", "budget_revenue_local"),
    "budget_revenue_local": ("budget_revenue_balanced", "budget_revenue_total"),
    "budget_expenditure_total": ("recurrent_spending",),
    "industrial_output": ("iip",),
    "retail_sales": ("trade_services_revenue",),
    "trade_services_revenue": ("retail_sales",),
    "public_investment_disbursement": ("development_investment_spending",),
    "tourists": ("international_tourists",),
    "jobs_created": ("trained_labour",),
}


# A figure named only by what befell people in the event counted just before it ("xảy ra 226 vụ
# tai nạn giao thông, làm chết 134 người, bị thương 172 người"): event key -> (folded words
# right before the figure, key of that figure).
CONSEQUENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "traffic_accidents": (("chet", "traffic_deaths"), ("tu vong", "traffic_deaths"), ("bi thuong", "traffic_injuries")),
}


def asked_consequence(event_key: str | None, folded_question: str) -> str | None:
    """The consequence a question about an event asks for ("tai nạn giao thông … làm chết bao nhiêu
    người": traffic_deaths), None when it asks for the events themselves."""
    return next((key for words, key in CONSEQUENCES.get(event_key or "", ()) if re.search(rf"\b{words}\b", folded_question)), None)


def consequence(event_key: str | None, folded_before: str) -> str | None:
    """The key of a figure that counts what the event of `event_key` did, from the folded words
    before it ("…, làm chết " after a traffic accident count: traffic_deaths)."""
    for words, key in CONSEQUENCES.get(event_key or "", ()):
        if re.search(rf"\b{words}\s*$", folded_before):
            return key
    return None


# A period written at the end of an indicator's name is not part of the name:
# "Thu thuế ngoài quốc doanh 6 tháng đầu năm" names "Thu thuế ngoài quốc doanh".
PERIOD_TAIL = re.compile(
    r"\s*,?\s*(?:trong |của )?(?:\d+ tháng(?: đầu| cuối)?(?: năm)?|quý [IV\d]+(?:/\d{4})?|tháng \d+(?:/\d{4})?|năm \d{4})"
    r"(?: năm)?(?: \d{4})?$", re.I)


def strip_period_tail(name: str) -> str:
    return PERIOD_TAIL.sub("", name)


# Phrases of ENTRIES that find an indicator without being another name of it: a kind or part of
# it ("sốt xuất huyết" under "dịch bệnh", "đàn lợn" under the herd) or a broader word that points
# to it ("việc làm", "kiểm tra"). They key a figure (index/indicators.py) but a passage saying one
# does not say what a question asking by another of the indicator's names asks for.
KINDS: dict[str, tuple[str, ...]] = {
    "epidemics": ("sốt xuất huyết", "ca mắc", "bệnh truyền nhiễm"),
    "livestock": ("đàn lợn", "đàn trâu bò", "đàn gia cầm", "đàn gia súc", "chăn nuôi"),
    "rice_yield": ("năng suất", "năng suất bình quân"),
    "agriculture_value": ("nông nghiệp",),
    "land_certificates": ("cấp giấy chứng nhận",),
    "business_licenses": ("giấy phép bán lẻ", "giấy phép bán lẻ rượu", "giấy phép bán lẻ sản phẩm thuốc lá"),
    "forest_cover": ("trồng rừng", "trồng cây"),
    "jobs_created": ("việc làm",),
    "public_investment_disbursement": ("giải ngân", "giải ngân vốn"),
    "infrastructure_projects": ("công trình", "dự án", "dự án đầu tư"),
    "planning_projects": ("quy hoạch", "đồ án"),
    "admin_procedures": ("hồ sơ", "một cửa"),
    "complaints": ("đơn", "đơn thư"),
    "inspections": ("kiểm tra", "đoàn kiểm tra"),
    "documents_issued": ("văn bản",),
    "social_allowances": ("trợ cấp",),
    "children_protection": ("trẻ em",),
    "pupils": ("tuyển sinh",),
    "digital_transformation": ("chữ ký số", "định danh điện tử", "VNeID", "căn cước công dân", "CCCD"),
    "trade_services_revenue": ("doanh thu dịch vụ",),
    # registrations of one kind each, not names of civil status as a whole
    "civil_status": ("chứng thực", "đăng ký khai sinh", "khai sinh", "khai tử", "đăng ký kết hôn"),
    "recurrent_spending": ("chi hành chính", "chi sự nghiệp"),
    "traffic_accidents": ("an toàn giao thông", "vi phạm giao thông"),
    "food_safety": ("ngộ độc thực phẩm",),
}


@dataclass(frozen=True)
class IndicatorName:
    key: str
    name: str
    aliases: tuple[str, ...]

    @property
    def phrases(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


NAMES: tuple[IndicatorName, ...] = tuple(IndicatorName(k, n, a) for k, n, a in ENTRIES)
BY_KEY: dict[str, IndicatorName] = {n.key: n for n in NAMES}


def _folded_words(s: str) -> str:
    """Folded syllables, an abbreviation written out ("tham gia BHYT" -> "tham gia bao hiem y
    te", index.vi.lexicon.TERM_ABBREVIATIONS), so a name matches however it is written."""
    return " ".join(TERM_ABBREVIATIONS_FOLDED.get(w, w) for w in re.findall(r"[^\W_]+", in_common_words(fold(s))))


@lru_cache(maxsize=1)
def _phrase_table() -> list[tuple[str, str]]:
    """(folded phrase, key), longest first so the most specific name wins."""
    rows = {(_folded_words(p), n.key) for n in NAMES for p in n.phrases}
    return sorted(rows, key=lambda r: (-len(r[0]), r[0]))


@lru_cache(maxsize=1)
def _phrase_regex() -> re.Pattern:
    alts = "|".join(re.escape(p) for p, _ in _phrase_table())
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


@lru_cache(maxsize=1)
def _key_of() -> dict[str, str]:
    out: dict[str, str] = {}
    for p, k in _phrase_table():
        out.setdefault(p, k)
    return out


_WORD_START = re.compile(r"(?<!\w)\w")


def find_keys(text: str) -> list[tuple[str, str]]:
    """(key, phrase as folded) of every indicator name in `text`, in text order, longest
    match at each word, names that overlap kept ("lượt khách quốc tế": tourists and
    international_tourists), names inside a longer one dropped: "thu ngoai quoc doanh va le phi
    truoc ba" -> non_state_tax, registration_fee."""
    f = _folded_words(text)
    rx = _phrase_regex()
    found = [(m.start(), m.end(), m.group()) for w in _WORD_START.finditer(f) if (m := rx.match(f, w.start()))]
    return [(_key_of()[g], g) for a, b, g in found if not any(c <= a and b <= d and (c, d) != (a, b) for c, d, _ in found)]


@lru_cache(maxsize=1)
def _kinds_folded() -> frozenset[tuple[str, str]]:
    return frozenset((k, _folded_words(p)) for k, ps in KINDS.items() for p in ps)


def other_names(text: str) -> dict[str, set[str]]:
    """Key -> the folded phrases of `text` that are names of that indicator (not a kind of it or
    a broader word, KINDS): "doanh thu nhà hàng, khách sạn" -> {accommodation_food: {"nha hang
    khach san"}}."""
    out: dict[str, set[str]] = {}
    for key, phrase in find_keys(text):
        if (key, phrase) not in _kinds_folded():
            out.setdefault(key, set()).add(phrase)
    return out


def kinds_named(text: str, key: str | None) -> frozenset[str]:
    """The folded words of the phrases of `text` that name a kind or part of the indicator `key`
    (KINDS): "đàn heo ở xã A" -> {"dan", "lon"} for livestock."""
    return frozenset(w for k, p in find_keys(text) if k == key and (k, p) in _kinds_folded() for w in p.split())


def lookup(text: str) -> str | None:
    """The key of the longest indicator name in `text`, with or without diacritics; None
    when it names none. "Doanh thu nhà hàng, khách sạn" -> "accommodation_food"."""
    hits = find_keys(text)
    if not hits:
        return None
    return max(hits, key=lambda h: len(h[1]))[0]


def is_growth_rate(key: str | None) -> bool:
    """Whether the indicator is itself a growth rate ("tốc độ tăng trưởng GRDP"): its figure in a
    table's result column is the growth, as "tăng 7,32% so với cùng kỳ" is in prose."""
    return key in BY_KEY and _folded_words(BY_KEY[key].name).startswith(("toc do tang truong", "tang truong"))


def label(key: str | None) -> str:
    """Official name of a key, for display."""
    return BY_KEY[key].name if key in BY_KEY else ""


# --- relation cue words of a figure (folded) -----------------------------------------------

ESTIMATE = re.compile(r"\b(?:uoc|du kien|du bao)\b")  # "ước đạt", "Dự kiến cả năm thu … đạt", "Dự báo cả năm: …"
PLAN_BEFORE = re.compile(r"\b(?:ke hoach|du toan|chi tieu|muc tieu|phan dau|kh|nghi quyet(?:\s+giao)?(?=\s*:))\b(?:(?!\b(?:dat|thuc hien|uoc|bang)\b).){0,40}$")
# Words whose folded form is a cue word of another meaning ("tặng 9.840 suất quà" is a gift, not
# "tăng"; "giấy chứng nhận quyền sử dụng đất" is land, not "đạt"): as written (lower case) -> a
# same-length folded stand-in no cue matches.
FOLD_COLLISIONS = {"tặng": "t_ng", "đất": "d_t"}
CHANGE_BEFORE = re.compile(r"\b(?:tang|giam|vuot)(?: them| duoc)?\s*(?:khoang|tren|gan|hon)?\s*$")
# A planned change: "(kế hoạch tăng 9 - 10%)", "phấn đấu giảm 0,8%".
PLAN_CHANGE = re.compile(r"\b(?:ke hoach|muc tieu|phan dau|chi tieu|du kien)\s+(?:tang|giam)\s*$")
# A subject that is itself the plan: "Tổng kế hoạch vốn đầu tư công năm 2024 … là 319.300".
PLAN_SUBJECT = re.compile(r"^\W*(?:tong\s+)?(?:ke hoach|du toan)\b(?!.*\b(?:dat|thuc hien|uoc|bang|giai ngan)\b)")
# A target met: "Hoàn thành chỉ tiêu giao quân … với 265 thanh niên" is done, not planned;
# its bare "đạt 100%" is of the plan.
TARGET_MET = re.compile(r"\b(?:hoan thanh|dat|vuot|dam bao)\s+(?:\d+%\s+)?(?:ke hoach|chi tieu)\b")
# The parts of a total: "…; trong đó chi đầu tư phát triển 2.640 triệu đồng" (an estimated
# total's parts are estimates too).
PARTS_OF = re.compile(r"^\W*trong do\b")
# A subject that names nothing measured ("Đến nay xã đạt 16/19 tiêu chí", "Toàn xã có …"), folded:
# the figure is about the indicator its item heading names ("3. Xây dựng nông thôn mới").
FILLER_SUBJECT = re.compile(r"^\W*(?:(?:den nay|hien nay|hien tai|tinh den nay|toan|tren dia ban|trong ky|nam nay|da|co|duoc|them)\s*)*"
                            r"(?:xa|phuong|huyen|quan|tinh|thanh pho|thi xa|thi tran|dac khu)?\W*$")
# Words that raise a count to its new level ("có thêm 3 trường …, nâng tổng số lên 66/78 trường"),
# folded: the figure after them is the level of the indicator just counted, they name nothing.
LEVEL_UP = re.compile(r"^\W*(?:nang|dua)(?: tong so| tong| so)?(?: \w+)? len\W*$|^\W*nang tong so\W*$")
# A sentence that opens as a part of the total named before it ("Trong tổng mức 9 tháng, doanh thu
# bán lẻ hàng hóa đạt …", "Trong đó, thu thuế …"): its indicator is not the total's (folded).
PART_LEAD = re.compile(r"^\W*(?:trong (?:do|tong(?: muc| so| thu| chi)?)|bao gom|chia ra)\b")
# A percentage that is the share of the count just before it (folded text between the two):
# "4.986 hộ nghèo, chiếm 13,74%", "33 hộ nghèo/1.939 hộ = 1,70%" — the rate of that count's indicator.
SHARE_OF_COUNT = re.compile(r"^[^\d;]{0,30}?(?:chiem|=|tuong duong|tuong ung|ty le)\s*$")
# A continuation clause that names only a period before its figure (folded): "lũy kế quý I đạt",
# "6 tháng ước đạt", "riêng tháng 6" — the sentence's indicator carries on.
PERIOD_ONLY = re.compile(
    r"^\W*(?:(?:luy ke|rieng|ca|tinh chung|tinh den|den het|uoc|binh quan)\s+)*(?:thang \d{1,2}|quy [ivx\d]+|\d{1,2} thang(?: dau nam| cuoi nam)?"
    r"|(?:den|tinh den)(?: het)?(?: ngay)? \d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?"  # "lũy kế đến ngày 25/10/2025 đạt"
    r"|nam(?: \d{4})?|ca nam)(?:\s+nam \d{4})?\s*(?:uoc thuc hien|uoc dat|uoc|dat|thuc hien|la|tang|giam|xay ra|co)?\s*$")
# A line that gives a figure only under a label of its kind ("Nghị quyết: 4.450 tỷ đồng. Ước 6 tháng:
# 2.164,5 tỷ đồng …") is about the indicator the title line above it names ("Chỉ tiêu 3 - Giá trị
# sản xuất công nghiệp") (folded).
KIND_LABEL = re.compile(r"^\W*(?:nghi quyet|du toan|ke hoach|kh|chi tieu giao|uoc(?: tinh| thuc hien| dat)?|du bao|du kien"
                        r"|thuc hien|cung ky|ket qua)\b[^:]{0,30}:?\s*$")
# The same labels at the end of a line's lead, after the indicator's name ("Chỉ tiêu 3 - Giá trị sản
# xuất công nghiệp Nghị quyết: 4.450 tỷ đồng", a title joined to its first line) (folded).
KIND_TAIL = re.compile(r"\b(?:nghi quyet|du toan|ke hoach|uoc(?: tinh| thuc hien| dat)?|du bao|du kien|thuc hien)\b[^:]{0,30}:\s*$")
# A sentence that opens with the running total of the indicator the sentence before gave
# ("…tháng 8 xảy ra 21 vụ … Tính chung 8 tháng xảy ra 164 vụ", "Lũy kế 8 tháng có 862 …").
RUNNING_TOTAL_LEAD = re.compile(r"^\W*(?:tinh chung|luy ke|cong don)\b")
# A clause opening with a count of months ("8 tháng ước đón …", "Tính chung 11 tháng …"), folded:
# the months from January of the report's year, not a duration.
LEADING_MONTHS = re.compile(r"^\W*(?:trong |rieng |luy ke |tinh chung |ca )?(\d{1,2}) thang\b(?! (?:tuoi|qua|truoc|nua|toi|sau|gan))")
# A period that opens a clause before its indicator ("Tháng 10 giải quyết việc làm cho 42 lao
# động", "Quý III, toàn xã …"): not part of the indicator's name (folded).
LEADING_PERIOD = re.compile(
    r"^\W*(?:trong |rieng |luy ke |tinh chung )?(?:thang \d{1,2}|quy [ivx\d]+|\d{1,2} thang(?: dau nam| cuoi nam)?|nam \d{4})"
    r"(?:\s*/\s*\d{4}| nam \d{4})?\s*,?\s*")
# Plan words that open a document's title (original case) when the next word is capitalised
# ("Kế hoạch Bảo vệ môi trường"; not "dự toán HĐND").
TITLE_CUE = re.compile(r"\b(?:[Kk]ế hoạch|[Dd]ự toán|[Cc]hương trình|[Đđ]ề án) (?=[^\W\d_]{2})")
DECREASE = re.compile(r"\bgiam\b")
# A figure in parentheses after a comparison with another body's level is that body's, not the
# place's (folded text before the parenthesis): "đạt 30,4%, cao hơn mức bình quân chung của
# Thành phố (24,8%)", "thấp hơn bình quân cả nước (6,5%)".
BENCHMARK_BEFORE = re.compile(
    r"\b(?:cao hon|thap hon|hon|so voi|gap|bang|vuot)\s+(?:[^\W\d_]+\s+){0,6}?"
    r"(?:binh quan|trung binh|muc chung|ca nuoc|toan quoc|thanh pho|tinh|vung|khu vuc)\b[^\d;.()]{0,30}\(\s*$")
# A parenthesis that qualifies an indicator's name, not a figure (as written): "Giá trị sản xuất
# công nghiệp (giá so sánh 2010)", "(giá SS 2010)", "(GRDP theo giá hiện hành)" — its year is no value.
NAME_QUALIFIER = re.compile(r"\([^()\d]{0,30}?\bgiá\s+(?:so\s+sánh|SS|hiện\s+hành|HH|cố\s+định|thực\s+tế)\b[^()]{0,20}\)", re.IGNORECASE)
# "đạt 47,4% kế hoạch", "so với dự toán", "bằng 42,6% diện tích kế hoạch" (a noun or two between).
PLAN_AFTER = re.compile(r"^\s*(?:so\s+)?(?:voi\s+)?(?:[^\W\d_]+\s+){0,2}?(?:(?:ke hoach|du toan|kh|chi tieu|nghi quyet|muc tieu)\b)")
YOY_AFTER = re.compile(r"^\s*(?:so\s+)?(?:voi\s+)?(?:cung ky|nam truoc|ky truoc|cung thoi gian|nam \d{4}\b|cung ky nam)")
CUE = re.compile(
    r"\b(?:uoc thuc hien|uoc dat|uoc tinh|uoc|thuc hien|dat duoc|dat(?! chuan)|bang|tang(?! truong)|giam|la|co|gom|voi|"
    r"ke hoach|du toan|cap|thu duoc|hoan thanh|tiep nhan|giai quyet cho|to chuc|trong do)\b"
)

# Table column headers (folded): the label column, the unit column, columns to skip.
LABEL_HEAD = re.compile(r"\b(?:chi tieu|noi dung|danh muc|ten|hang muc|linh vuc)\b")
# "Đơn vị" alone may head the names of units ("Đơn vị: Phường An Mỹ"): their label, not a unit
# (extract_table reads its cells).
UNIT_HEAD = re.compile(r"\b(?:don vi|dvt)\b")
SKIP_HEAD = re.compile(r"^(?:tt|stt|so tt|ghi chu)$")

# Table column headers (folded): a signed difference ("Chênh lệch (+/-)", "Tăng/giảm so với cùng
# kỳ"), and a plan column named by its year alone ("KH 2024", "Dự toán 2025": that whole year).
CHANGE_HEADER = re.compile(r"\bchenh lech\b|\btang\s*(?:\(\+\)\s*)?[/,]?\s*giam\b|\+\s*/\s*-")
# A column header that is only "the ratio" ("Tỷ lệ (%)", "%"), folded, once the group over it
# ("Năm 2025") is taken away: beside a plan column and a done column it is the share of the plan.
BARE_RATIO_HEADER = re.compile(r"^\W*(?:ty le\s*)?\(?%\)?\W*$|^\W*ty le\W*$")
# A column header naming the month relative to the report's last month ("Ước tháng này",
# "Thực hiện tháng trước"), folded: the offset in months.
RELATIVE_MONTH_HEADER = re.compile(r"\bthang (nay|bao cao|truoc|ke truoc)\b")
RELATIVE_MONTH_OFFSET = {"nay": 0, "bao cao": 0, "truoc": -1, "ke truoc": -1}
PLAN_YEAR_HEADER = re.compile(r"^\W*(?:kh|ke hoach|du toan|chi tieu|nq|nghi quyet)\W*((?:19|20)\d\d)\b")
# A label that gives the plan's figure ("- Nghị quyết giao: 26.500 tấn", "Dự toán: 612 tỷ đồng"), folded.
PLAN_LABEL = re.compile(r"^\W*(?:nghi quyet|du toan|ke hoach|kh|chi tieu|muc tieu)\b")
# A figure in parentheses right after the plan a share was taken of ("đạt 23,1% kế hoạch năm (42.600
# tấn)", "đạt 23,6% dự toán tỉnh giao (912,0 tỷ đồng)") is that plan (folded text before it).
PLAN_PAREN_BEFORE = re.compile(r"\b(?:ke hoach|du toan|chi tieu|nghi quyet|kh)\b[^()\d%;.]{0,25}\(\s*$")
