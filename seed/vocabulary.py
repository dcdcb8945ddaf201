"""Domain word lists for the synthetic community: places, roles, organisations, topics, text.

Everything here is plain data; ``seed.generator`` owns the logic that combines it. Organisation
and person names are invented; any resemblance to a real body is accidental. The tables are laid
out by hand (several items a line), so the formatter leaves this module alone.
"""

# fmt: off
from typing import Final

from qnet.core import vocabulary as qnet_vocabulary

# The profile vocabularies are qnet's own; the generator must use exactly these.
REGIONS: Final[tuple[str, ...]] = qnet_vocabulary.REGIONS

# Rough share of the membership in each region (the same order as REGIONS).
REGION_WEIGHTS: Final[tuple[float, ...]] = (12, 12, 16, 9, 17, 13, 9, 6, 4, 2)

# Regions that read naturally with "the" ("in the North West", but "in London").
REGIONS_WITH_ARTICLE: Final[frozenset[str]] = frozenset(
    {
        "North East and Yorkshire", "North West", "Midlands", "East of England", "South East",
        "South West",
    }
)

ROLES: Final[tuple[str, ...]] = qnet_vocabulary.ROLES

# Rough share of each role (the same order as ROLES).
ROLE_WEIGHTS: Final[tuple[float, ...]] = (12, 13, 4, 8, 5, 4, 12, 3, 5, 2, 7, 2, 8, 6, 3, 4, 2)

ORG_KINDS: Final[tuple[str, ...]] = (
    "trust", "health board", "icb", "practice", "university", "charity",
    "council", "national body", "hospice", "ambulance service",
)

TOPICS: Final[tuple[str, ...]] = (
    "sepsis", "frailty", "mental health", "maternity safety", "emergency department flow",
    "primary care access", "health inequalities", "patient safety", "medicines safety",
    "end of life care", "children and young people", "workforce wellbeing", "digital health",
    "care homes", "discharge planning", "falls prevention", "diabetes", "stroke", "cancer pathways",
    "learning disabilities", "dementia", "elective recovery", "outpatient transformation",
    "pressure ulcers", "infection prevention", "deteriorating patients", "respiratory care",
    "heart failure", "antimicrobial stewardship", "community services", "social care integration",
    "self-management", "homelessness and health", "substance misuse", "perinatal mental health",
    "acute kidney injury", "surgical safety", "ambulance handover", "staff retention",
    "environmental sustainability", "nutrition and hydration", "virtual wards",
)

# How people actually write about a topic; the first form is the canonical topic string.
TOPIC_FORMS: Final[dict[str, tuple[str, ...]]] = {
    "sepsis": ("sepsis", "sepsis care", "sepsis recognition"),
    "frailty": ("frailty", "care for frail older people", "older people's care"),
    "mental health": ("mental health", "mental health services", "mental wellbeing"),
    "maternity safety": ("maternity safety", "safer maternity care", "safety on the labour ward"),
    "emergency department flow": (
        "emergency department flow", "A&E flow", "ED flow", "A&E waits",
        "emergency department crowding",
    ),
    "primary care access": (
        "primary care access", "access to general practice", "GP access",
        "same-day access in general practice",
    ),
    "health inequalities": (
        "health inequalities", "health equity", "inequalities in access and outcomes",
    ),
    "patient safety": ("patient safety", "safer care", "safety culture"),
    "medicines safety": ("medicines safety", "medication safety", "safer prescribing"),
    "end of life care": ("end of life care", "palliative care", "care in the last days of life"),
    "children and young people": (
        "children and young people", "children's health", "paediatrics", "young people's services",
    ),
    "workforce wellbeing": ("workforce wellbeing", "staff wellbeing", "burnout", "joy in work"),
    "digital health": ("digital health", "digital tools", "remote monitoring", "health tech"),
    "care homes": ("care homes", "care home residents", "nursing homes"),
    "discharge planning": ("discharge planning", "hospital discharge", "delayed discharges"),
    "falls prevention": ("falls prevention", "inpatient falls", "preventing falls"),
    "diabetes": ("diabetes", "diabetes care", "type 2 diabetes"),
    "stroke": ("stroke", "stroke care", "hyperacute stroke"),
    "cancer pathways": ("cancer pathways", "cancer diagnosis", "early diagnosis of cancer"),
    "learning disabilities": (
        "learning disabilities", "people with a learning disability", "learning disability care",
    ),
    "dementia": ("dementia", "dementia care", "delirium and dementia"),
    "elective recovery": ("elective recovery", "waiting lists", "planned care"),
    "outpatient transformation": (
        "outpatient transformation", "outpatients", "outpatient follow-up",
    ),
    "pressure ulcers": ("pressure ulcers", "pressure damage", "tissue viability"),
    "infection prevention": (
        "infection prevention", "infection control", "healthcare-associated infections",
    ),
    "deteriorating patients": (
        "deteriorating patients", "the deteriorating patient", "NEWS2 escalation",
    ),
    "respiratory care": ("respiratory care", "COPD", "asthma and COPD"),
    "heart failure": ("heart failure", "cardiology", "heart failure care"),
    "antimicrobial stewardship": ("antimicrobial stewardship", "antibiotic prescribing", "AMR"),
    "community services": ("community services", "community health services", "community nursing"),
    "social care integration": (
        "social care integration", "integrated health and social care", "joined-up care",
    ),
    "self-management": ("self-management", "supported self-management", "personalised care"),
    "homelessness and health": (
        "homelessness and health", "inclusion health", "health of people experiencing homelessness",
    ),
    "substance misuse": ("substance misuse", "drug and alcohol services", "alcohol harm"),
    "perinatal mental health": (
        "perinatal mental health", "maternal mental health", "postnatal depression",
    ),
    "acute kidney injury": ("acute kidney injury", "AKI", "kidney care"),
    "surgical safety": ("surgical safety", "safer surgery", "theatre safety"),
    "ambulance handover": ("ambulance handover", "ambulance handover delays", "pre-hospital care"),
    "staff retention": ("staff retention", "retaining staff", "nursing retention"),
    "environmental sustainability": ("environmental sustainability", "net zero", "greener care"),
    "nutrition and hydration": ("nutrition and hydration", "malnutrition", "mealtime care"),
    "virtual wards": ("virtual wards", "hospital at home", "care at home"),
}

# Concrete improvement work per topic: (project title, aim as a verb phrase, setting, no article).
TOPIC_WORK: Final[dict[str, tuple[tuple[str, str, str], ...]]] = {
    "sepsis": (
        (
            "Faster sepsis screening in A&E", "cut delays to sepsis screening and antibiotics",
            "emergency department",
        ),
        (
            "Sepsis recognition on the wards",
            "improve recognition of sepsis in deteriorating inpatients", "medical wards",
        ),
    ),
    "frailty": (
        (
            "Frailty at the front door",
            "get frail older people assessed within an hour of arrival", "acute medical unit",
        ),
        (
            "Proactive frailty reviews",
            "offer proactive reviews to people living with moderate frailty",
            "primary care network",
        ),
    ),
    "mental health": (
        (
            "Reducing restrictive practice", "reduce the use of restraint on adult inpatient wards",
            "mental health wards",
        ),
        (
            "Faster first contact", "shorten waits for a first appointment",
            "community mental health team",
        ),
    ),
    "maternity safety": (
        (
            "Safer fetal monitoring", "improve the consistency of fetal heart rate monitoring",
            "labour ward",
        ),
        (
            "Timely maternity triage", "speed up assessment of women arriving at maternity triage",
            "maternity triage unit",
        ),
    ),
    "emergency department flow": (
        (
            "Four-hour standard recovery", "reduce long waits for patients needing admission",
            "emergency department",
        ),
        (
            "Streaming at the front door", "stream minor injuries away from the main A&E queue",
            "urgent treatment centre",
        ),
    ),
    "primary care access": (
        (
            "Same-day access redesign",
            "redesign same-day access so patients get the right appointment first time",
            "GP practices",
        ),
        (
            "Total triage without exclusion",
            "introduce total triage without shutting out people who cannot use online forms",
            "GP practices",
        ),
    ),
    "health inequalities": (
        (
            "Closing the gap in missed appointments",
            "reduce missed appointments among patients from the most deprived neighbourhoods",
            "outpatient clinics",
        ),
        (
            "Equitable cardiac rehab",
            "increase uptake of cardiac rehabilitation among ethnic minority patients",
            "cardiac rehabilitation service",
        ),
    ),
    "patient safety": (
        (
            "Learning from safety incidents",
            "turn incident reports into visible learning for frontline teams", "surgical division",
        ),
        ("Safer handovers", "make handover between shifts safer and shorter", "inpatient wards"),
    ),
    "medicines safety": (
        ("Fewer insulin errors", "reduce insulin prescribing errors", "inpatient wards"),
        (
            "Medicines reconciliation on admission",
            "get medicines reconciled within 24 hours of admission", "acute admissions unit",
        ),
    ),
    "end of life care": (
        (
            "Recognising dying", "help teams recognise dying earlier and involve families sooner",
            "medical wards",
        ),
        (
            "Preferred place of death", "help more people die in the place they choose",
            "community palliative care team",
        ),
    ),
    "children and young people": (
        (
            "Asthma care for children", "reduce repeat asthma admissions among children",
            "children's ward",
        ),
        (
            "Transition to adult services",
            "make the move from children's to adult services less abrupt",
            "paediatric outpatient service",
        ),
    ),
    "workforce wellbeing": (
        (
            "Team wellbeing huddles", "improve wellbeing and reduce burnout in ward teams",
            "intensive care unit",
        ),
        (
            "Protected breaks", "make sure staff actually get their breaks on night shifts",
            "inpatient wards",
        ),
    ),
    "digital health": (
        (
            "Home blood pressure monitoring", "roll out home blood pressure monitoring",
            "primary care network",
        ),
        (
            "Paperless observations", "replace paper observation charts with electronic recording",
            "hospital",
        ),
    ),
    "care homes": (
        (
            "Enhanced health in care homes", "reduce avoidable hospital admissions from care homes",
            "care homes",
        ),
        ("Hydration in care homes", "improve hydration among residents", "nursing homes"),
    ),
    "discharge planning": (
        (
            "Home before lunch", "increase the share of patients discharged before midday",
            "medical wards",
        ),
        (
            "Discharge to assess", "get people home sooner with assessment happening at home",
            "community hospital",
        ),
    ),
    "falls prevention": (
        (
            "Fewer falls on older people's wards", "reduce inpatient falls with harm",
            "older people's wards",
        ),
        (
            "Community falls pathway",
            "connect ambulance crews who attend fallers with the community falls team",
            "community falls service",
        ),
    ),
    "diabetes": (
        (
            "Foot checks that happen",
            "raise the number of people with diabetes getting an annual foot check", "GP practices",
        ),
        (
            "Type 2 remission support", "support more people into type 2 diabetes remission",
            "primary care network",
        ),
    ),
    "stroke": (
        (
            "Door-to-needle time", "shorten door-to-needle time for thrombolysis",
            "hyperacute stroke unit",
        ),
        (
            "Early supported discharge", "expand early supported discharge after stroke",
            "community stroke team",
        ),
    ),
    "cancer pathways": (
        (
            "Faster diagnosis standard", "meet the 28-day faster diagnosis standard",
            "lung cancer pathway",
        ),
        (
            "Straight-to-test", "introduce straight-to-test for suspected colorectal cancer",
            "endoscopy unit",
        ),
    ),
    "learning disabilities": (
        (
            "Reasonable adjustments as routine",
            "make reasonable adjustments routine for people with a learning disability",
            "outpatient clinics",
        ),
        (
            "Annual health checks",
            "increase uptake of annual health checks for people with a learning disability",
            "GP practices",
        ),
    ),
    "dementia": (
        (
            "Spotting delirium", "spot and reduce delirium in people with dementia",
            "older people's wards",
        ),
        (
            "Support after diagnosis", "improve support in the year after a dementia diagnosis",
            "memory service",
        ),
    ),
    "elective recovery": (
        (
            "Theatre utilisation", "cut late starts and early finishes in theatres",
            "day surgery unit",
        ),
        (
            "Waiting list validation",
            "contact everyone on the waiting list to check they still need treatment",
            "orthopaedic service",
        ),
    ),
    "outpatient transformation": (
        (
            "Patient-initiated follow-up",
            "replace routine follow-ups with patient-initiated follow-up", "rheumatology clinic",
        ),
        (
            "Advice and guidance", "use advice and guidance to avoid unnecessary referrals",
            "outpatient service",
        ),
    ),
    "pressure ulcers": (
        (
            "Zero avoidable pressure ulcers", "reduce hospital-acquired pressure ulcers",
            "surgical wards",
        ),
        (
            "Skin checks at home", "prevent pressure damage among housebound patients",
            "district nursing team",
        ),
    ),
    "infection prevention": (
        ("Cutting C diff", "reduce hospital-onset Clostridioides difficile infections", "hospital"),
        ("Catheter care", "reduce catheter-associated urinary tract infections", "inpatient wards"),
    ),
    "deteriorating patients": (
        (
            "Reliable NEWS2 escalation", "make NEWS2 escalation reliable around the clock",
            "medical wards",
        ),
        (
            "Families calling for help",
            "give families a way to call for help when they are worried", "children's ward",
        ),
    ),
    "respiratory care": (
        (
            "COPD discharge bundle",
            "make sure everyone admitted with COPD gets the discharge bundle", "respiratory ward",
        ),
        (
            "Inhaler technique", "improve inhaler technique for people with asthma and COPD",
            "community pharmacies",
        ),
    ),
    "heart failure": (
        (
            "Earlier heart failure diagnosis",
            "speed up diagnosis of heart failure in the community", "community cardiology service",
        ),
        (
            "Optimising heart failure medicines",
            "get more patients onto optimal heart failure medicines", "heart failure clinic",
        ),
    ),
    "antimicrobial stewardship": (
        ("Antibiotic time-outs", "review antibiotics at 48 hours for every inpatient", "hospital"),
        (
            "Antibiotics for coughs and colds",
            "cut unnecessary antibiotic prescribing for coughs and colds", "GP practices",
        ),
    ),
    "community services": (
        (
            "Community therapy waits", "bring down waits for community therapy",
            "community therapy service",
        ),
        (
            "Two-hour urgent response", "respond to urgent referrals within two hours",
            "urgent community response team",
        ),
    ),
    "social care integration": (
        (
            "One assessment, not three", "stop people being assessed three times by three agencies",
            "integrated care team",
        ),
        (
            "Reablement after hospital",
            "help more people regain independence after a hospital stay", "reablement service",
        ),
    ),
    "self-management": (
        (
            "Supported self-management",
            "help people with long-term conditions manage their own care", "primary care network",
        ),
        (
            "Personalised care plans", "make personalised care and support plans the norm",
            "community services",
        ),
    ),
    "homelessness and health": (
        (
            "Inclusion health outreach", "bring health checks to people sleeping rough",
            "inclusion health team",
        ),
        (
            "No discharge to the street",
            "stop people being discharged from hospital with nowhere to go", "hospital",
        ),
    ),
    "substance misuse": (
        (
            "Alcohol care team", "identify and support inpatients with alcohol dependence",
            "hospital",
        ),
        (
            "Naloxone in every pocket", "get naloxone to the people most likely to need it",
            "drug and alcohol service",
        ),
    ),
    "perinatal mental health": (
        (
            "Asking at every contact", "ask about mental health at every antenatal contact",
            "community midwifery team",
        ),
        (
            "Support for partners",
            "offer mental health support to partners as well as birthing parents",
            "perinatal mental health service",
        ),
    ),
    "acute kidney injury": (
        (
            "AKI alerts that lead to action", "respond reliably to acute kidney injury alerts",
            "medical wards",
        ),
        ("Sick day rules", "teach patients sick day rules for their medicines", "GP practices"),
    ),
    "surgical safety": (
        (
            "A checklist that means something",
            "make the surgical safety checklist meaningful rather than tick-box", "theatres",
        ),
        ("Stop before you block", "eliminate wrong-site nerve blocks", "anaesthetic department"),
    ),
    "ambulance handover": (
        ("Release to respond", "reduce ambulance handover delays", "emergency department"),
        (
            "See and treat", "safely treat more patients at home rather than conveying them",
            "ambulance service",
        ),
    ),
    "staff retention": (
        ("Keeping new nurses", "reduce turnover among newly qualified nurses", "nursing workforce"),
        ("Flexible working for all", "make flexible working available to every team", "hospital"),
    ),
    "environmental sustainability": (
        ("Greener theatres", "reduce anaesthetic gas emissions", "theatres"),
        (
            "Lower-carbon inhalers", "switch patients to lower-carbon inhalers where appropriate",
            "GP practices",
        ),
    ),
    "nutrition and hydration": (
        (
            "Protected mealtimes", "make sure patients who need help at mealtimes get it",
            "older people's wards",
        ),
        (
            "Malnutrition screening", "screen everyone for malnutrition within a day of admission",
            "medical wards",
        ),
    ),
    "virtual wards": (
        (
            "Hospital at home for older people",
            "expand hospital at home for older people with acute illness", "virtual ward",
        ),
        (
            "Step-down virtual ward", "bring people home earlier with remote monitoring",
            "virtual ward",
        ),
    ),
}

# Other ways to write a setting in running text.
SETTING_FORMS: Final[dict[str, tuple[str, ...]]] = {
    "emergency department": ("emergency department", "A&E", "ED"),
    "intensive care unit": ("intensive care unit", "ICU"),
    "acute medical unit": ("acute medical unit", "AMU"),
}

# Lived experience that connects to a topic; phrased to follow "through", "of" or "after".
TOPIC_LIVED: Final[dict[str, tuple[str, ...]]] = {
    "sepsis": ("surviving sepsis after routine surgery", "losing a relative to sepsis"),
    "frailty": ("caring for a parent living with frailty",),
    "mental health": ("years of using mental health services", "living with bipolar disorder"),
    "maternity safety": ("a traumatic birth and the months that followed",),
    "dementia": ("caring for a parent with dementia",),
    "stroke": ("a stroke at the age of 47", "supporting a partner after a stroke"),
    "diabetes": ("living with type 1 diabetes since childhood",),
    "cancer pathways": ("treatment for bowel cancer", "a long wait for a cancer diagnosis"),
    "learning disabilities": ("caring for a son with a learning disability",),
    "children and young people": (
        "a childhood spent in and out of hospital", "parenting a child with complex needs",
    ),
    "end of life care": ("caring for a partner at the end of life",),
    "heart failure": ("living with heart failure",),
    "respiratory care": ("living with COPD",),
    "perinatal mental health": ("postnatal depression after the birth of a first child",),
    "homelessness and health": ("a period of homelessness",),
    "substance misuse": ("recovery from addiction",),
    "falls prevention": ("a serious fall and a long recovery",),
    "care homes": ("supporting a relative through a move into a care home",),
    "discharge planning": ("a hospital discharge that went badly wrong for a relative",),
    "emergency department flow": ("long nights waiting in A&E with an elderly relative",),
    "medicines safety": ("a medication error that nearly went badly wrong",),
    "primary care access": ("struggling to get appointments while caring for two relatives",),
}

GENERIC_LIVED: Final[tuple[str, ...]] = (
    "living with several long-term conditions",
    "years of hospital appointments",
    "caring for a relative with complex needs",
    "a long stay in intensive care",
    "living with chronic pain",
)

# Job titles people give themselves, per role.
ROLE_TITLES: Final[dict[str, tuple[str, ...]]] = {
    "frontline clinician": (
        "consultant in emergency medicine", "acute physician", "junior doctor",
        "anaesthetics registrar", "consultant geriatrician", "paramedic", "foundation doctor",
        "consultant psychiatrist", "paediatric consultant", "surgical registrar",
        "intensive care consultant", "stroke physician",
    ),
    "nurse": (
        "staff nurse", "ward sister", "senior staff nurse", "clinical nurse specialist",
        "sepsis nurse specialist", "district nurse", "matron", "advanced nurse practitioner",
        "mental health nurse", "charge nurse", "practice nurse", "nurse consultant",
    ),
    "midwife": (
        "midwife", "community midwife", "labour ward coordinator", "consultant midwife",
        "perinatal mental health midwife", "fetal monitoring lead midwife", "digital midwife",
    ),
    "allied health professional": (
        "physiotherapist", "occupational therapist", "speech and language therapist", "dietitian",
        "podiatrist", "radiographer", "orthoptist", "therapy lead",
    ),
    "GP": (
        "GP", "GP partner", "salaried GP", "GP trainee",
        "clinical director of a primary care network", "sessional GP",
    ),
    "pharmacist": (
        "clinical pharmacist", "community pharmacist", "medicines safety officer",
        "primary care pharmacist", "chief pharmacist", "antimicrobial pharmacist",
    ),
    "manager": (
        "service manager", "operational manager", "general manager",
        "divisional director of operations", "practice manager", "head of patient flow",
        "programme manager", "team leader",
    ),
    "executive": (
        "medical director", "chief nurse", "director of quality", "chief executive",
        "deputy chief operating officer", "director of improvement", "non-executive director",
    ),
    "patient leader": (
        "patient leader", "patient partner", "patient safety partner", "lived experience partner",
        "patient representative", "expert by experience",
    ),
    "carer": (
        "unpaid carer", "carer representative", "family carer", "carer and volunteer",
        "parent carer",
    ),
    "researcher": (
        "health services researcher", "research fellow", "PhD student", "senior lecturer",
        "professor of healthcare improvement", "postdoctoral researcher", "NIHR research fellow",
        "lecturer in nursing",
    ),
    "policymaker": (
        "policy adviser", "policy lead", "senior policy manager", "policy analyst",
        "head of policy", "civil servant",
    ),
    "improvement adviser": (
        "improvement adviser", "improvement lead", "improvement facilitator", "head of improvement",
        "improvement practitioner", "transformation lead", "improvement programme manager",
    ),
    "data analyst": (
        "data analyst", "senior information analyst", "healthcare analyst", "performance analyst",
        "data scientist", "business intelligence developer", "population health analyst",
    ),
    "commissioner": (
        "commissioner", "senior planning manager", "head of strategic planning",
        "lead commissioner for mental health", "contract manager",
    ),
    "educator": (
        "clinical educator", "practice educator", "lecturer", "clinical skills lead",
        "education lead", "practice development nurse",
    ),
    "other": (
        "volunteer", "charity programme lead", "communications lead", "project support officer",
        "estates manager", "ICT lead", "chaplain", "freedom to speak up guardian", "social worker",
        "care home manager",
    ),
}

# What a role's day mostly involves, as a gerund phrase.
ROLE_DUTIES: Final[dict[str, tuple[str, ...]]] = {
    "frontline clinician": (
        "seeing patients and trying to fix the system around them",
        "running a busy clinical service and leading its improvement programme",
    ),
    "nurse": (
        "keeping a busy ward safe and running", "supporting patients and teaching newer colleagues",
    ),
    "midwife": (
        "caring for women and families through birth", "leading safety work on the labour ward",
    ),
    "allied health professional": (
        "getting people moving and home again", "running a therapy service across several sites",
    ),
    "GP": (
        "seeing patients and running the practice",
        "leading quality work across a group of practices",
    ),
    "pharmacist": ("keeping prescribing safe", "reviewing medicines and the systems around them"),
    "manager": (
        "keeping services running and untangling flow problems",
        "managing budgets, rotas and the occasional crisis",
    ),
    "executive": (
        "setting the direction for quality across the organisation",
        "making sure improvement is part of how the board works",
    ),
    "patient leader": (
        "bringing the patient voice into decisions about services",
        "working alongside staff as an equal partner",
    ),
    "carer": (
        "looking after a family member while pushing for better services",
        "making sure carers are heard",
    ),
    "researcher": (
        "studying how improvement happens in real services",
        "designing evaluations with frontline teams",
    ),
    "policymaker": (
        "shaping national policy on quality",
        "turning evidence into policy that helps frontline teams",
    ),
    "improvement adviser": (
        "supporting teams through their improvement projects",
        "growing improvement skills across the organisation",
    ),
    "data analyst": (
        "turning messy data into charts teams can actually use",
        "building reports for ward and divisional teams",
        "helping clinical teams see whether their changes are improvements",
    ),
    "commissioner": (
        "planning and buying services for the local population",
        "working with providers to improve outcomes across a system",
    ),
    "educator": ("teaching and supporting staff development", "designing training that sticks"),
    "other": ("supporting teams behind the scenes", "connecting people and projects"),
}

# Skills (taxonomy keys) that a role plausibly holds.
ROLE_SKILLS: Final[dict[str, tuple[str, ...]]] = {
    "frontline clinician": (
        "quality-improvement", "pdsa-cycles", "model-for-improvement", "clinical-audit",
        "root-cause-analysis", "simulation-training", "human-factors", "run-charts", "leadership",
        "after-action-review",
    ),
    "nurse": (
        "pdsa-cycles", "quality-improvement", "safety-huddles", "clinical-audit", "process-mapping",
        "visual-management", "human-factors", "leadership", "run-charts", "incident-investigation",
        "standard-work",
    ),
    "midwife": (
        "pdsa-cycles", "human-factors", "simulation-training", "clinical-audit", "co-design",
        "incident-investigation", "safety-huddles", "coproduction",
    ),
    "allied health professional": (
        "process-mapping", "quality-improvement", "pdsa-cycles", "co-design", "evaluation",
        "demand-and-capacity", "patient-reported-measures", "shared-decision-making",
    ),
    "GP": (
        "quality-improvement", "clinical-audit", "population-health-management",
        "demand-and-capacity", "pdsa-cycles", "leadership", "shared-decision-making",
    ),
    "pharmacist": (
        "clinical-audit", "fmea", "root-cause-analysis", "incident-investigation",
        "quality-improvement", "standard-work", "data-visualisation",
    ),
    "manager": (
        "demand-and-capacity", "process-mapping", "lean", "project-management", "change-management",
        "value-stream-mapping", "stakeholder-engagement", "run-charts", "spreadsheet-analysis",
    ),
    "executive": (
        "leadership", "large-scale-change", "culture-change", "quality-management-systems",
        "compassionate-leadership", "systems-thinking", "change-management", "clinical-governance",
    ),
    "patient leader": (
        "lived-experience-leadership", "co-design", "experience-based-co-design", "coproduction",
        "patient-and-public-involvement", "storytelling", "shared-decision-making",
    ),
    "carer": (
        "lived-experience-leadership", "coproduction", "patient-and-public-involvement",
        "storytelling", "co-design",
    ),
    "researcher": (
        "evaluation", "qualitative-research", "realist-evaluation", "implementation-science",
        "mixed-methods", "statistical-analysis", "evidence-synthesis", "ethnography",
        "interviewing", "randomised-trials", "academic-writing",
    ),
    "policymaker": (
        "policy-analysis", "evaluation", "large-scale-change", "systems-thinking",
        "health-economics", "stakeholder-engagement", "health-equity-analysis",
    ),
    "improvement adviser": (
        "quality-improvement", "model-for-improvement", "pdsa-cycles", "improvement-coaching",
        "facilitation", "driver-diagrams", "measurement-for-improvement",
        "statistical-process-control", "improvement-education", "process-mapping", "run-charts",
    ),
    "data analyst": (
        "statistical-process-control", "run-charts", "data-visualisation", "r-programming",
        "python-programming", "sql", "spreadsheet-analysis", "statistical-analysis",
        "demand-and-capacity", "measurement-for-improvement", "population-health-management",
        "machine-learning",
    ),
    "commissioner": (
        "commissioning", "population-health-management", "health-equity-analysis",
        "stakeholder-engagement", "evaluation", "health-economics", "systems-thinking",
    ),
    "educator": (
        "improvement-education", "simulation-training", "facilitation", "coaching",
        "quality-improvement", "human-factors",
    ),
    "other": (
        "project-management", "stakeholder-engagement", "facilitation", "coaching",
        "communities-of-practice", "storytelling", "digital-transformation",
    ),
}

# Organisation kinds a role usually works in, most likely first (repeats weight the choice).
ROLE_ORG_KINDS: Final[dict[str, tuple[str, ...]]] = {
    "frontline clinician": (
        "trust", "trust", "trust", "health board", "ambulance service", "hospice",
    ),
    "nurse": ("trust", "trust", "health board", "practice", "hospice"),
    "midwife": ("trust", "health board"),
    "allied health professional": ("trust", "trust", "health board", "council"),
    "GP": ("practice",),
    "pharmacist": ("trust", "practice", "icb", "health board"),
    "manager": ("trust", "trust", "practice", "icb", "health board", "council"),
    "executive": ("trust", "icb", "health board", "charity", "ambulance service"),
    "patient leader": ("trust", "charity", "icb", "health board", "national body"),
    "carer": ("charity", "council", "charity"),
    "researcher": ("university",),
    "policymaker": ("national body", "council", "icb"),
    "improvement adviser": ("trust", "icb", "health board", "national body", "charity"),
    "data analyst": ("trust", "trust", "icb", "health board", "council", "university"),
    "commissioner": ("icb", "council", "health board"),
    "educator": ("university", "trust", "hospice"),
    "other": ("charity", "council", "trust", "hospice"),
}

ORGANISATIONS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "North East and Yorkshire": (
        ("Castleburn Teaching Hospitals NHS Foundation Trust", "trust"),
        ("Aireside and Wharfe NHS Foundation Trust", "trust"),
        ("Cleveholm Mental Health and Community Trust", "trust"),
        ("Northern Moors Integrated Care Board", "icb"),
        ("Ouseford Medical Practice", "practice"), ("Hexbridge Health Centre", "practice"),
        ("University of Castleburn", "university"),
        ("Ravensmoor Hospice", "hospice"),
        ("Yorkshire Ridings Ambulance Service NHS Trust", "ambulance service"),
        ("Castleburn City Council", "council"), ("North Coast Carers Network", "charity"),
    ),
    "North West": (
        ("Northfield Teaching Hospitals NHS Foundation Trust", "trust"),
        ("Mersey Vale University Hospitals NHS Trust", "trust"),
        ("Pennine Edge Care NHS Foundation Trust", "trust"),
        ("Irwell and Ribble Integrated Care Board", "icb"),
        ("Dockside Medical Group", "practice"), ("Lunedale Surgery", "practice"),
        ("Northfield Metropolitan University", "university"),
        ("St Bride's Hospice", "hospice"), ("Northfield Borough Council", "council"),
        ("Red Rose Mental Health Alliance", "charity"),
        ("North West Coastal Ambulance Service NHS Trust", "ambulance service"),
    ),
    "Midlands": (
        ("Trentside University Hospitals NHS Trust", "trust"),
        ("Severnbridge NHS Foundation Trust", "trust"),
        ("Arden Forest Community Healthcare NHS Trust", "trust"),
        ("Heart of the Shires Integrated Care Board", "icb"),
        ("Foxley Road Surgery", "practice"), ("Canalside Medical Centre", "practice"),
        ("University of Trentside", "university"),
        ("Midlands Improvement Academy", "national body"), ("Charnwood Hills Hospice", "hospice"),
        ("Trentside City Council", "council"), ("Families Together Midlands", "charity"),
    ),
    "East of England": (
        ("Fenland Coast NHS Foundation Trust", "trust"),
        ("Marshgate University Hospitals NHS Trust", "trust"),
        ("Broadland Community and Mental Health Trust", "trust"),
        ("East Anglian Fens Integrated Care Board", "icb"),
        ("Saxmund Health Centre", "practice"), ("Wherry Lane Surgery", "practice"),
        ("Anglia Fenland University", "university"),
        ("Lantern Hospice", "hospice"), ("East of England Patient Voices", "charity"),
        ("Marshgate County Council", "council"),
        ("Eastern Counties Ambulance Service NHS Trust", "ambulance service"),
    ),
    "London": (
        ("Thameside University Hospitals NHS Foundation Trust", "trust"),
        ("St Aldhelm's Hospital NHS Trust", "trust"),
        ("Riverbank Mental Health NHS Foundation Trust", "trust"),
        ("North Central Thames Integrated Care Board", "icb"),
        ("Lea Valley Medical Practice", "practice"), ("Brixworth Road Surgery", "practice"),
        ("Kingsway Institute of Health Sciences", "university"),
        ("National Centre for Improvement Practice", "national body"),
        ("UK Health Improvement Alliance", "national body"),
        ("Borough of Riverbank Council", "council"),
        ("Greenhythe Hospice", "hospice"), ("London Patient Partners Network", "charity"),
        ("Capital Ambulance Service NHS Trust", "ambulance service"),
    ),
    "South East": (
        ("Downsway Hospitals NHS Foundation Trust", "trust"),
        ("Wealdmere University Hospitals NHS Trust", "trust"),
        ("Chalkhill Community Health NHS Trust", "trust"),
        ("Weald and Downs Integrated Care Board", "icb"),
        ("Harbourside Surgery", "practice"), ("Oakridge Family Practice", "practice"),
        ("University of Wealdmere", "university"),
        ("St Cuthman's Hospice", "hospice"), ("Wealdmere County Council", "council"),
        ("Carers Voice South East", "charity"),
        ("South Downs Coast Ambulance Service NHS Trust", "ambulance service"),
    ),
    "South West": (
        ("Tamarford Royal Hospital NHS Foundation Trust", "trust"),
        ("Severn Moor University Hospitals NHS Trust", "trust"),
        ("Westcountry Partnership NHS Trust", "trust"),
        ("Moor and Coast Integrated Care Board", "icb"),
        ("Quayside Medical Practice", "practice"), ("Combe Valley Surgery", "practice"),
        ("University of Tamarford", "university"),
        ("Kestrel Point Hospice", "hospice"), ("Tamarford Council", "council"),
        ("Westcountry Voices Collective", "charity"),
        ("Peninsula Ambulance Service NHS Trust", "ambulance service"),
    ),
    "Scotland": (
        ("NHS Lochmoor", "health board"), ("NHS Strathallan", "health board"),
        ("NHS Carrick and Forth", "health board"),
        ("Kelvinbrae Medical Practice", "practice"), ("Ardmore Health Centre", "practice"),
        ("University of Strathallan", "university"),
        ("Scottish Improvement Alliance", "national body"), ("Lochmoor Council", "council"),
        ("Firthview Hospice", "hospice"),
        ("Carers of the Glens", "charity"),
        ("Northern Isles Ambulance Service", "ambulance service"),
    ),
    "Wales": (
        ("Afon Teifi University Health Board", "health board"),
        ("Glyndwr Valleys University Health Board", "health board"),
        ("Penrhyn Coast University Health Board", "health board"),
        ("Meddygfa Bryn Surgery", "practice"),
        ("Taff Street Medical Centre", "practice"), ("University of Glanmor", "university"),
        ("Gwella Cymru Collaborative", "national body"), ("Glanmor County Council", "council"),
        ("Dyffryn Hospice", "hospice"),
        ("Cymru Patient Voice", "charity"),
        ("Welsh Valleys Ambulance Service NHS Trust", "ambulance service"),
    ),
    "Northern Ireland": (
        ("Mourne and Glens Health and Social Care Trust", "trust"),
        ("Foyleside Health and Social Care Trust", "trust"),
        ("Belmont Harbour Health and Social Care Trust", "trust"),
        ("Northern Ireland Quality Institute", "national body"),
        ("Glenavon Medical Practice", "practice"), ("Loughside Group Practice", "practice"),
        ("University of the Antrim Coast", "university"),
        ("Northern Ireland Carers Forum", "charity"),
        ("Loughside Hospice", "hospice"), ("Mourne Coast District Council", "council"),
        ("Ulster Coast Ambulance Service", "ambulance service"),
    ),
}

# Invented town names per region, used in project titles.
REGION_TOWNS: Final[dict[str, tuple[str, ...]]] = {
    "North East and Yorkshire": ("Castleburn", "Ouseford", "Hexbridge", "Ravensmoor", "Cleveholm"),
    "North West": ("Northfield", "Lunedale", "Mersey Vale", "Pennine Edge", "Dockside"),
    "Midlands": ("Trentside", "Severnbridge", "Foxley", "Charnwood Hills", "Arden"),
    "East of England": ("Marshgate", "Saxmund", "Fenland Coast", "Broadland", "Wherry"),
    "London": ("Thameside", "Riverbank", "Lea Valley", "Greenhythe", "Brixworth"),
    "South East": ("Downsway", "Wealdmere", "Chalkhill", "Harbourside", "Oakridge"),
    "South West": ("Tamarford", "Severn Moor", "Combe Valley", "Kestrel Point", "Quayside"),
    "Scotland": ("Lochmoor", "Strathallan", "Kelvinbrae", "Ardmore", "Firthview"),
    "Wales": ("Glanmor", "Penrhyn", "Afon Teifi", "Dyffryn", "Bryn"),
    "Northern Ireland": ("Foyleside", "Belmont Harbour", "Glenavon", "Loughside", "Mourne"),
}

FIRST_NAMES: Final[tuple[str, ...]] = (
    "Oliver", "Amelia", "Mohammed", "Olivia", "George", "Isla", "Harry", "Ava", "Noah", "Emily",
    "Jack", "Sophie",
    "Leo", "Grace", "Arthur", "Freya", "Muhammad", "Lily", "Oscar", "Ella", "Charlie", "Mia",
    "Jacob", "Ivy",
    "Thomas", "Evie", "James", "Poppy", "William", "Charlotte", "Joshua", "Ruby", "Daniel", "Chloe",
    "Samuel",
    "Hannah", "David", "Rachel", "Michael", "Sarah", "Andrew", "Claire", "Paul", "Helen", "Mark",
    "Joanne",
    "Richard", "Nicola", "Stephen", "Karen", "Gareth", "Siân", "Rhys", "Ffion", "Dafydd", "Cerys",
    "Iwan",
    "Angharad", "Ewan", "Morag", "Callum", "Kirsty", "Fraser", "Eilidh", "Hamish", "Catriona",
    "Ciarán", "Niamh",
    "Seán", "Aoife", "Declan", "Siobhan", "Pádraig", "Róisín", "Priya", "Arjun", "Anjali", "Rohan",
    "Sunita",
    "Rajesh", "Deepa", "Vikram", "Harpreet", "Gurpreet", "Manpreet", "Jaspreet", "Aisha", "Imran",
    "Fatima",
    "Omar", "Zainab", "Bilal", "Nadia", "Yusuf", "Ayesha", "Hassan", "Mariam", "Tariq", "Farah",
    "Amir", "Chidi",
    "Ngozi", "Oluwaseun", "Adaeze", "Kwame", "Abena", "Kofi", "Efua", "Tunde", "Folake", "Chiamaka",
    "Emeka",
    "Yaw", "Ama", "Marcus", "Jerome", "Shanice", "Tyrone", "Keisha", "Andre", "Wei", "Mei", "Jun",
    "Hui",
    "Kenji", "Yuki", "Minh", "Linh", "Anh", "Piotr", "Agnieszka", "Tomasz", "Katarzyna", "Marta",
    "Andrei",
    "Ioana", "Elena", "Lukas", "Sofia", "Mateus", "Ana", "Gabriel", "Leila", "Dara", "Reza",
    "Shirin", "Ahmet",
    "Elif", "Mehmet", "Zeynep", "Bronwen", "Morwenna", "Ruth", "Margaret", "Patricia", "Susan",
    "Brian", "Colin",
    "Graham", "Alan", "Jean", "Pauline", "Zoë", "Renée", "Kieran", "Bethany", "Jamal", "Naomi",
)

SURNAMES: Final[tuple[str, ...]] = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts",
    "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
    "Lewis", "Harris",
    "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris",
    "Moore", "Clark",
    "Lee", "King", "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson",
    "Davis",
    "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter",
    "Richardson",
    "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards", "Khan", "Marshall",
    "Anderson",
    "Simpson", "Ellis", "Adams", "Singh", "Begum", "Wilkinson", "Foster", "Chapman", "Powell",
    "Webb", "Rogers",
    "Gray", "Mason", "Ali", "Hunt", "Hussain", "Campbell", "Matthews", "Owen", "Palmer", "Holmes",
    "Mills",
    "Barnes", "Knight", "Lloyd", "Butler", "Russell", "Barker", "Fisher", "Stevens", "Jenkins",
    "MacDonald",
    "MacLeod", "Fraser", "Stewart", "Robertson", "Reid", "Ross", "Murray", "Paterson", "O'Brien",
    "O'Neill",
    "Byrne", "Gallagher", "Doherty", "McLaughlin", "Quinn", "Kennedy", "Ahmed", "Rahman",
    "Chowdhury", "Sharma",
    "Gupta", "Kaur", "Shah", "Mistry", "Iqbal", "Malik", "Qureshi", "Akhtar", "Mahmood", "Okafor",
    "Adeyemi",
    "Mensah", "Owusu", "Boateng", "Asante", "Osei", "Adebayo", "Okonkwo", "Nwosu", "Chen", "Wang",
    "Zhang",
    "Liu", "Nguyen", "Tran", "Kim", "Tanaka", "Nowak", "Kowalski", "Wiśniewska", "Popescu",
    "Ionescu", "Silva",
    "Santos", "Costa", "Yılmaz", "Demir", "Haddad", "Hosseini", "Cohen", "Levy", "Llewellyn",
    "Pritchard", "Rees",
    "Vaughan", "Bevan", "Gill", "Sandhu", "Dhillon", "Grant", "Ferguson",
)

YEAR_WORDS: Final[tuple[str, ...]] = (
    "two", "three", "four", "five", "six", "seven", "eight", "ten", "twelve", "fifteen", "twenty",
)

HOBBIES: Final[tuple[str, ...]] = (
    "fell running", "singing in a community choir", "wild swimming",
    "baking bread, with mixed results",
    "growing vegetables on an allotment", "birdwatching", "running an under-11s football team",
    "climbing",
    "playing the fiddle in a folk band", "reading crime novels", "parkrun", "pottery", "knitting",
    "learning Welsh", "sea kayaking", "long walks with a badly behaved dog",
)

SIDE_ROLES: Final[tuple[str, ...]] = (
    "studying for a masters in healthcare improvement", "teaching on a local improvement course",
    "volunteering with a carers' group", "working clinical shifts on the wards",
    "holding an honorary research post",
    "supporting teams across the region", "chairing a local patient panel",
)

OUTCOMES: Final[tuple[str, ...]] = (
    "the median wait has roughly halved", "the improvement has held for more than a year",
    "the approach has since been adopted by two neighbouring sites",
    "harm events fell by around a third",
    "it is now part of standard practice", "staff say the new process is simpler",
    "patient feedback has been overwhelmingly positive",
    "the results won local funding to roll it out",
    "reliability went from about 60% to over 90%",
    "the team is still learning what made the difference",
)

# Bio sentence patterns per slot. Placeholders: {first} {name} {a_title} {title} {org} {place}
# {year} {years} {duty} {side} {skill} {skills} {skill_high} {skill_low} {method} {topic}
# {topic2} {topics} {action} {setting} {outcome} {lived} {hobby} {sites} {joined}. A pattern whose
# placeholder has no value for a member is skipped for that member.
FIRST_PERSON: Final[dict[str, tuple[str, ...]]] = {
    "intro": (
        "I'm {a_title} at {org}.",
        "I work as {a_title} at {org}, {place}.",
        "Since {year} I've been {a_title} at {org}.",
        "Hello, I'm {first}: {a_title} at {org}.",
        "Hi, I'm {first} and I work at {org} as {a_title}.",
        "{title} at {org}, {place}.",
        "I've been {a_title} for {years} years, most recently at {org}.",
        "My day job: {title} at {org}, which mostly means {duty}.",
        "I joined {org} in {year} and work as {a_title}.",
        "By day I'm {a_title} at {org}; most of my spare headspace goes on {topic}.",
        "{years} years as {a_title}, and now at {org}.",
        "Currently {a_title} at {org}.",
        "I'm based at {org}, working {place} as {a_title}.",
        "{title} at {org}; the rest of my week goes on {side}.",
        "At {org} I spend most of my week {duty}.",
    ),
    "work": (
        "Recently I led a project to {action} in our {setting} using {skill}.",
        "This year our team has worked to {action} in the {setting}, testing changes with {skill}.",
        "We used {skill} to {action} in our {setting}, and {outcome}.",
        "One piece of work I'm proud of used {skill} to {action}; {outcome}.",
        "Right now I'm in a team trying to {action} across the {setting}, mainly with {skill}.",
        "Last year I helped {action} in the {setting}, through {skill} and a lot of cups of tea.",
        "I caught the improvement bug when our {setting} set out to {action}; {skill} was key.",
        "My current project aims to {action} in our {setting}; we're tracking it with {skill}.",
        "Most of my improvement work has focused on how to {action}, using {skill} along the way.",
        "With colleagues in the {setting} I have been using {skill} to {action}.",
        "{skill} helped us {action} in our {setting}, and {outcome}.",
        "In our {setting} we've been using {skill} to {action}.",
        "Using {skill}, I helped our {setting} {action}.",
    ),
    "skills": (
        "My toolkit is mostly {skills}.",
        "I'm comfortable with {skills}.",
        "Skills I can offer: {skills}.",
        "I'd describe my strengths as {skills}.",
        "Happy to help anyone getting started with {skill_high}.",
        "I'm still learning {skill_low} and would love a buddy to practise with.",
        "I've taught {skill_high} to colleagues for a few years now.",
        "Ask me about {skill_high}, but please don't ask me about {skill_low} yet!",
        "I also bring {skills} to the table.",
        "Lately I've been getting into {skill_low}.",
        "I use {skills} most weeks.",
        "{skill_high} is my strongest suit, and I'm working on {skill_low}.",
        "Comfortable with {skills}, and happy to share what I know.",
    ),
    "interests": (
        "I'm especially interested in {topics}.",
        "I'd love to connect with people working on {topics}.",
        "Beyond the day job I care a lot about {topic2}.",
        "Keen to hear from anyone tackling {topic2}, particularly {place}.",
        "Right now my focus is {topic}.",
        "Topics close to my heart: {topics}.",
        "If you're working on {topic2}, please get in touch.",
        "I keep coming back to {topics}.",
        "{topics}: that's where my energy goes.",
        "Interested in {topics}, and in learning from people who've cracked them.",
    ),
    "lived": (
        "I came to this work through {lived}.",
        "{lived} changed how I see services, and now I help teams listen differently.",
        "I bring personal experience of {lived}, and I sit on the patient panel at {org}.",
        "My own experience of {lived} is why I do this.",
        "I know from {lived} how much the small things matter.",
        "Through {lived}, I learned how much the small things matter.",
    ),
    "research": (
        "My research uses {method} to understand how improvement in {topic} works in practice.",
        "My PhD looked at {topic} through {method}.",
        "I'm currently running a study of {topic} across {sites} sites, using {method}.",
        "Research interests: {method}, {topic} and what happens after the project ends.",
        "I'm interested in how {method} can make studies of {topic} more useful to the front line.",
    ),
    "closing": (
        "Always up for a coffee and a chat about {topic2}.",
        "I believe the best ideas come from the people doing the work.",
        "Looking for a pairing partner {place} to swap notes with.",
        "I'm a firm believer that improvement is a team sport.",
        "If you're working on something similar {place}, please say hello.",
        "Outside work I love {hobby}.",
        "I joined the network in {joined}, and I'm keen to learn.",
        "Happy to share my {skill_high} templates, and my mistakes.",
        "Still learning, and always happy to be challenged.",
        "Happy to pair up with anyone new to {topic2}.",
        "Mostly here to steal good ideas, with permission.",
        "I've made most of the classic mistakes, so ask me first.",
        "I'd like to find a buddy {place} to test ideas on.",
        "I learn most from people who tell me what didn't work.",
        "Slow to reply on busy weeks, but I always do, especially about {topic2}.",
        "Let's compare charts and war stories.",
        "My door (and inbox) is open.",
        "When I'm not working I'm usually {hobby}.",
        "Keen to hear how others have made changes stick.",
    ),
}

THIRD_PERSON: Final[dict[str, tuple[str, ...]]] = {
    "intro": (
        "{first} is {a_title} at {org}.",
        "{name} works as {a_title} at {org}, {place}.",
        "{name} has been {a_title} at {org} since {year}.",
        "Based at {org}, {first} works as {a_title}.",
        "{first} joined {org} in {year} as {a_title}.",
        "{name} is {a_title} working {place}, currently at {org}.",
        "As {a_title} at {org}, {first} spends most days {duty}.",
        "{first} has spent {years} years as {a_title} and now works at {org}.",
        "{name}: {title}, {org}.",
        "{first} divides their time between {org}, where they are {a_title}, and {side}.",
    ),
    "work": (
        "{first} led work to {action} in the {setting} using {skill}, and {outcome}.",
        "Recent work includes a project to {action} across the {setting}, built on {skill}.",
        "Most recently {first} has been helping the {setting} {action}, using {skill}.",
        "{first}'s team used {skill} to {action}; {outcome}.",
        "Their current project aims to {action} in the {setting}, with {skill} at its core.",
        "{first} caught the improvement bug on a project to {action}, where {skill} mattered most.",
        "Over the last two years {first} has used {skill} to help the {setting} {action}.",
    ),
    "skills": (
        "{first} brings experience of {skills}.",
        "Their strengths include {skills}.",
        "{first} is currently building skills in {skill_low}.",
        "Colleagues often ask {first} for help with {skill_high}.",
        "Areas of expertise: {skills}.",
        "{first} has taught {skill_high} on local improvement courses.",
        "Alongside that, {first} works with {skills}.",
    ),
    "interests": (
        "{first} is particularly interested in {topics}.",
        "Interests include {topics}.",
        "{first} would welcome contact from others working on {topic2}.",
        "Their interests span {topics}.",
        "{first} is keen to learn from teams working on {topic2}.",
    ),
    "lived": (
        "{first} brings personal experience of {lived} to every project.",
        "After {lived}, {first} became involved as a partner at {org}.",
        "{first}'s involvement began with {lived}.",
        "Drawing on {lived}, {first} makes sure patient voices shape decisions.",
    ),
    "research": (
        "{first}'s research uses {method} to look at {topic}.",
        "{first} is leading a study of {topic} across {sites} sites using {method}.",
        "Their research brings {method} to questions about {topic}.",
        "{first} has published on {topic}, mostly using {method}.",
    ),
    "closing": (
        "{first} believes improvement works best when patients are partners from the start.",
        "Outside work, {first} enjoys {hobby}.",
        "{first} is happy to be contacted about any of the above.",
        "{first} is always open to a conversation about what's working elsewhere.",
        "{first} joined the network in {joined} and is keen to meet people.",
        "{first} would like to find a buddy {place} to test ideas with.",
        "Away from work, {first} is usually {hobby}.",
        "{first} is always keen to hear what didn't work, as well as what did.",
        "Ask {first} about {topic2}; there is usually a story.",
        "{first} joined the network to meet people facing the same problems.",
    ),
}

# A third voice: terse notes, as some people write a profile in a minute between shifts.
NOTES: Final[dict[str, tuple[str, ...]]] = {
    "intro": (
        "{title}, {org}.",
        "{title} ({place}).",
        "{title} at {org} since {year}.",
        "Day job: {duty}.",
        "{org}; {title}.",
    ),
    "work": (
        "Current work: {action} ({setting}), using {skill}.",
        "Trying to {action} with {skill}; early days.",
        "Project: {action}, with {skill}.",
        "Working on how to {action} in the {setting}, with {skill}.",
    ),
    "skills": (
        "Good at {skill_high}, learning {skill_low}.",
        "Skills: {skills}.",
        "Can help with {skill_high}.",
        "Mostly {skills}.",
    ),
    "interests": (
        "Interested in {topics}.",
        "Into {topic2}, mainly.",
        "Want to meet others doing {topic2}.",
        "Topics: {topics}.",
    ),
    "lived": (
        "Lived experience: {lived}.",
        "Here because of {lived}.",
    ),
    "research": (
        "Researching {topic} ({method}).",
        "PhD on {topic}, using {method}.",
    ),
    "closing": (
        "Happy to swap notes on {topic2}.",
        "Say hello.",
        "Messages welcome.",
        "Joined {joined}.",
        "Off work: {hobby}.",
    ),
}

# Projects, ideas, comments and special interest groups.
PROJECT_TITLE_PATTERNS: Final[tuple[str, ...]] = (
    "{title}", "{title}", "{title} ({town})", "{title}: phase {phase}", "{town} {title_lower}",
    "{title} across {region}",
)
IDEA_TITLE_PATTERNS: Final[tuple[str, ...]] = (
    "Could we {action}?", "A shared toolkit to {action}", "Peer network for {topic}",
    "{topic_cap}: {hook}",
    "Using {skill} to {action}", "What if we tried {hook} for {topic}?", "{hook_cap} to {action}",
)
IDEA_HOOKS: Final[tuple[str, ...]] = (
    "a buddying scheme between sites", "a shared measurement dashboard", "patient-led walkrounds",
    "a regional learning set", "a one-page guide for new staff", "a text-message reminder pilot",
    "an open-source audit tool", "a monthly show-and-tell", "a volunteer navigator role",
)
IDEA_MECHANISMS: Final[tuple[str, ...]] = (
    "pairing teams across sites", "sharing one simple dashboard", "testing a text reminder",
    "training volunteers", "co-designing a new leaflet with patients",
    "running short tests of change on one ward first",
    "pooling data from several organisations",
)
IDEA_REASONS: Final[tuple[str, ...]] = (
    "Several teams are already trying this separately.", "Early tests in one ward look promising.",
    "Patients told us this matters more than almost anything else.",
    "Nobody seems to own this problem yet.",
    "The data show wide variation between sites.", "It would cost very little to test.",
)
IDEA_PROBLEMS: Final[tuple[str, ...]] = (
    "Across {region}, teams working on {topic} keep reinventing the same solutions.",
    "Our data show wide variation between sites in {topic}.",
    "Staff told us the current process around {topic} is confusing and slow.",
    "Patients and families describe {topic} as the part of care where they feel least heard.",
)
IDEA_NEEDS: Final[tuple[str, ...]] = (
    "people with {skill} experience", "a site willing to test", "a patient partner",
    "help with the data",
    "a small grant", "someone who has done this before", "an executive sponsor",
)
IDEA_STATUSES: Final[tuple[str, ...]] = ("draft", "open", "adopted", "closed")

COMMENTS: Final[tuple[str, ...]] = (
    "We tried something similar in our {setting}; happy to share what we learned.",
    "Have you thought about using {skill} to track this?",
    "Love this. Count me in if you need a test site {place}.",
    "What measures are you planning to use?",
    "Our patient panel would be keen to help co-design this.",
    "We hit information governance problems when we tried this, so talk to your IG team early.",
    "This matches what we see in {topic} locally. Would a call next week help?",
    "Is there a plan for sustaining it once the project funding ends?",
    "Brilliant idea. We have three years of data from our {setting} if that's useful.",
)
REPLIES: Final[tuple[str, ...]] = (
    "Thanks, that's really helpful. I'll drop you a message.",
    "Good question. We're thinking a run chart for the process measure to start with.",
    "+1 to this.",
    "Agreed, and it's worth looping in the people who use the service too.",
    "Yes please! I'll add you to the list.",
    "We found the same thing.",
)

GROUP_NAME_PATTERNS: Final[tuple[str, ...]] = (
    "{topic_cap} improvement network", "{topic_cap} special interest group",
    "{topic_cap} learning community",
    "{skill_cap} for {topic}", "{region} {topic} network", "{topic_cap} practitioners",
)
LEARNING_QUESTIONS: Final[tuple[str, ...]] = (
    "How might we {action}?", "What helps teams {action} and sustain it?",
    "How can {skill} help us {action}?",
    "What would it take to {action} everywhere, not just in pilot sites?",
)

# Hand-written profiles for the demo accounts, in key order m000001..m000004.
DEMO_PROFILES: Final[tuple[dict[str, object], ...]] = (
    {
        "email": "coordinator@example.org",
        "name": "Jo Fletcher",
        "role": "improvement adviser",
        "organisation": "National Centre for Improvement Practice",
        "region": "London",
        "bio": (
            "I coordinate the network for London, which mostly means helping members find each "
            "other and "
            "convening special interest groups. Before this I spent eight years as an improvement "
            "coach in "
            "acute trusts, supporting teams with the model for improvement and driver diagrams. "
            "I'm especially "
            "interested in how communities of practice spread learning about patient safety and "
            "health "
            "inequalities. If you're not sure who to talk to, talk to me."
        ),
        "skills": [
            {"name": "Improvement coaching", "level": 3}, {"name": "Facilitation", "level": 3},
            {"name": "Model for improvement", "level": 3},
            {"name": "Communities of practice", "level": 3},
            {"name": "Driver diagrams", "level": 2}, {"name": "Spread and scale", "level": 2},
        ],
        "interests": ["patient safety", "health inequalities", "workforce wellbeing"],
    },
    {
        "email": "amira.hassan@example.org",
        "name": "Amira Hassan",
        "role": "data analyst",
        "organisation": "Northfield Teaching Hospitals NHS Foundation Trust",
        "region": "North West",
        "bio": (
            "I'm a senior information analyst at Northfield Teaching Hospitals, where I spend "
            "most of my week "
            "helping our emergency department understand its own data. Over the last two years "
            "I've worked with "
            "the sepsis team to cut delays to screening and antibiotics in A&E, using SPC charts "
            "to separate real "
            "improvement from noise. I build most of our dashboards in R and I'm always happy to "
            "help clinicians "
            "get started with control charts. I'd love to connect with other analysts working on "
            "sepsis, "
            "deteriorating patients or emergency department flow."
        ),
        "skills": [
            {"name": "Statistical process control", "level": 3},
            {"name": "Data visualisation", "level": 3},
            {"name": "R programming", "level": 3}, {"name": "Run charts", "level": 2},
            {"name": "Measurement for improvement", "level": 2}, {"name": "SQL", "level": 2},
        ],
        "interests": ["sepsis", "emergency department flow", "deteriorating patients"],
    },
    {
        "email": "tom.price@example.org",
        "name": "Tom Price",
        "role": "patient leader",
        "organisation": "Afon Teifi University Health Board",
        "region": "Wales",
        "bio": (
            "I came to improvement through years of using mental health services, and I'm now a "
            "patient partner "
            "with Afon Teifi University Health Board. Most of my work is co-design: sitting "
            "alongside staff and "
            "people with lived experience to rethink how services are planned. Last year I helped "
            "run an "
            "experience-based co-design project on first appointments with our community mental "
            "health team. "
            "I care about coproduction that genuinely shares power, and about making sure Welsh "
            "speakers are heard."
        ),
        "skills": [
            {"name": "Co-design", "level": 3}, {"name": "Experience-based co-design", "level": 3},
            {"name": "Lived experience leadership", "level": 3},
            {"name": "Coproduction", "level": 2},
            {"name": "Storytelling", "level": 2}, {"name": "Facilitation", "level": 1},
        ],
        "interests": ["mental health", "community services", "health inequalities"],
    },
    {
        "email": "grace.owusu@example.org",
        "name": "Grace Owusu",
        "role": "nurse",
        "organisation": "Thameside University Hospitals NHS Foundation Trust",
        "region": "London",
        "bio": (
            "Grace Owusu is a ward sister on an older people's ward at Thameside University "
            "Hospitals. She led "
            "her team's falls prevention work, testing bedside changes through PDSA cycles and "
            "tracking falls "
            "with harm on a run chart; the ward went more than 100 days without a fall with harm. "
            "Grace is now "
            "learning about human factors and wants to spread the approach to other wards. She is "
            "also "
            "interested in frailty and dementia."
        ),
        "skills": [
            {"name": "PDSA cycles", "level": 3}, {"name": "Run charts", "level": 2},
            {"name": "Quality improvement", "level": 2}, {"name": "Safety huddles", "level": 2},
            {"name": "Human factors", "level": 1}, {"name": "Spread and scale", "level": 1},
        ],
        "interests": ["falls prevention", "frailty", "dementia"],
    },
)

DEMO_JOINED: Final[tuple[str, ...]] = ("2016-05-03", "2019-09-16", "2021-02-08", "2023-07-21")
