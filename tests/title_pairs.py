"""Pairs of job titles, the role that rejected a seeker and a posting the employer published later,
labelled by whether the seeker would want to hear about it: chances/matching.py is measured on
them by tests/test_matching.py.

- SAME: the same role written another way (abbreviations, synonyms, word order, a level suffix).
- NEAR: the same role a step up or down, or with a specialisation added or dropped; a seeker
  turned down for one is a credible candidate for the other.
- RELATED: the same field but another job (backend and frontend, engineer and manager, data
  scientist and data engineer), or the same job two or more levels away, or a near role in
  another city.
- UNRELATED: nothing in common but a generic word (engineer, manager, senior).

SAME and NEAR are the positives. A row is (rejected title, its location, posting title, the
posting's location, label); "" is a location nobody wrote down.

Both tables were written before any matching rule. The rules were tuned on TUNING only;
HELD_OUT was scored once they were done (the figures are in docs/matching.md) and never used
to change a rule.
"""

SAME = "same"
NEAR = "near"
RELATED = "related"
UNRELATED = "unrelated"
POSITIVE = {SAME, NEAR}

TUNING = [
    # The same role, written another way.
    ("Senior Software Engineer", "", "Sr. Software Engineer", "", SAME),
    ("Software Engineer", "", "Software Developer", "", SAME),
    ("Frontend Engineer", "", "Front-End Developer", "", SAME),
    ("Site Reliability Engineer", "", "SRE", "", SAME),
    ("Senior PM", "", "Senior Product Manager", "", SAME),
    ("Machine Learning Engineer", "", "ML Engineer", "", SAME),
    ("DevOps Engineer", "", "Dev Ops Engineer", "", SAME),
    ("Backend Engineer", "", "Back-end Software Engineer", "", SAME),
    ("Full Stack Developer", "", "Full-Stack Engineer", "", SAME),
    ("Senior Platform Engineer", "", "Senior Platform Engineer II", "", SAME),
    ("UX Designer", "", "User Experience Designer", "", SAME),
    ("QA Engineer", "", "Quality Assurance Engineer", "", SAME),
    ("Staff Engineer, Infrastructure", "", "Staff Infrastructure Engineer", "", SAME),
    ("iOS Developer", "", "iOS Engineer", "", SAME),
    ("Software Engineer, Backend", "", "Backend Engineer", "", SAME),
    ("Sr. Backend Engineer (Go)", "", "Senior Backend Engineer - Go", "", SAME),
    ("Jr. Web Developer", "", "Junior Web Developer", "", SAME),
    ("Product Manager, Growth", "", "Growth Product Manager", "", SAME),
    ("Data Scientist", "Berlin", "Data Scientist", "Berlin, Germany", SAME),
    ("Backend Engineer", "Berlin", "Backend Engineer", "Remote (EU)", SAME),
    ("Product Designer", "New York, NY", "Product Designer", "NYC", SAME),
    ("SWE II", "", "Software Engineer II", "", SAME),
    ("Engineering Manager", "", "Manager, Engineering", "", SAME),
    ("Technical Writer", "", "Technical Writer (Developer Docs)", "", SAME),
    ("Account Executive", "", "Account Executive, Mid-Market", "", SAME),
    # A step up or down, or a specialisation added or dropped.
    ("Platform Engineer", "", "Senior Platform Engineer II", "", NEAR),
    ("Data Scientist", "", "Data Scientist II", "", NEAR),
    ("Product Designer", "", "Senior Product Designer", "", NEAR),
    ("Software Engineer II", "", "Software Engineer III", "", NEAR),
    ("Data Engineer", "", "Senior Data Engineer", "", NEAR),
    ("Technical Writer", "", "Senior Technical Writer", "", NEAR),
    ("Account Executive", "", "Senior Account Executive", "", NEAR),
    ("Security Engineer", "", "Application Security Engineer", "", NEAR),
    ("Principal Software Engineer", "", "Staff Software Engineer", "", NEAR),
    ("Recruiter", "", "Technical Recruiter", "", NEAR),
    ("Android Engineer", "", "Senior Android Developer", "", NEAR),
    ("Site Reliability Engineer II", "", "Senior SRE", "", NEAR),
    ("Engineering Manager", "", "Senior Engineering Manager, Payments", "", NEAR),
    ("Backend Engineer", "Berlin", "Backend Engineer", "Munich", NEAR),
    ("Customer Success Manager", "", "Enterprise Customer Success Manager", "", NEAR),
    # The same field, another job.
    ("Backend Engineer", "", "Frontend Engineer", "", RELATED),
    ("Software Engineer", "", "Engineering Manager", "", RELATED),
    ("Data Scientist", "", "Data Engineer", "", RELATED),
    ("Product Manager", "", "Product Designer", "", RELATED),
    ("Product Manager", "", "Project Manager", "", RELATED),
    ("DevOps Engineer", "", "Data Engineer", "", RELATED),
    ("Site Reliability Engineer", "", "Security Engineer", "", RELATED),
    ("iOS Engineer", "", "Android Engineer", "", RELATED),
    ("Machine Learning Engineer", "", "Data Analyst", "", RELATED),
    ("Senior Software Engineer", "", "Software Engineering Intern", "", RELATED),
    ("Junior Frontend Developer", "", "Principal Frontend Engineer", "", RELATED),
    ("Account Executive", "", "Account Manager", "", RELATED),
    ("Technical Recruiter", "", "Recruiting Coordinator", "", RELATED),
    ("Engineering Manager", "", "Director of Engineering", "", RELATED),
    ("Platform Engineer", "", "Platform Product Manager", "", RELATED),
    ("Sales Engineer", "", "Sales Manager", "", RELATED),
    ("UX Researcher", "", "UX Designer", "", RELATED),
    ("Data Analyst", "", "Business Analyst", "", RELATED),
    ("Customer Success Manager", "", "Customer Support Specialist", "", RELATED),
    ("Senior Backend Engineer", "Berlin", "Backend Engineer II", "Munich", RELATED),
    # Nothing in common but a generic word.
    ("Software Engineer", "", "Office Manager", "", UNRELATED),
    ("Backend Engineer", "", "Executive Assistant", "", UNRELATED),
    ("Product Designer", "", "Senior Accountant", "", UNRELATED),
    ("Data Scientist", "", "Warehouse Associate", "", UNRELATED),
    ("SRE", "", "Marketing Coordinator", "", UNRELATED),
    ("Product Manager", "", "Payroll Specialist", "", UNRELATED),
    ("Frontend Developer", "", "Legal Counsel", "", UNRELATED),
    ("ML Engineer", "", "Recruiter", "", UNRELATED),
    ("DevOps Engineer", "", "Sales Development Representative", "", UNRELATED),
    ("Senior Platform Engineer", "", "Senior Financial Analyst", "", UNRELATED),
    ("Engineering Manager", "", "Facilities Manager", "", UNRELATED),
    ("Platform Engineer", "", "Mechanical Engineer", "", UNRELATED),
    ("Data Engineer", "", "Civil Engineer", "", UNRELATED),
    ("Software Engineer", "", "Chief of Staff", "", UNRELATED),
    ("Senior Product Designer", "", "Senior Interior Designer", "", UNRELATED),
]

HELD_OUT = [
    ("Senior Frontend Engineer", "", "Sr Front End Developer", "", SAME),
    ("Machine Learning Engineer", "", "Engineer, Machine Learning", "", SAME),
    ("Site Reliability Engineer", "London", "SRE", "London, UK", SAME),
    ("Product Manager", "", "PM, Payments", "", NEAR),
    ("Data Engineer II", "", "Data Engineer", "Remote", SAME),
    ("Full-stack Engineer", "", "Fullstack Software Engineer", "", SAME),
    ("DevOps Engineer", "", "Senior DevOps Engineer", "", NEAR),
    ("Staff Platform Engineer", "", "Principal Platform Engineer", "", NEAR),
    ("Frontend Engineer", "", "Senior Frontend Engineer (React)", "", NEAR),
    ("Product Designer", "Amsterdam", "Product Designer", "Remote - Europe", SAME),
    ("Lead Data Scientist", "", "Senior Data Scientist", "", NEAR),
    ("Backend Developer", "", "Software Engineer, Backend (Python)", "", SAME),
    ("Customer Success Manager", "", "Senior Customer Success Manager", "", NEAR),
    ("Software Engineer", "", "Software Engineer in Test", "", RELATED),
    ("Frontend Engineer", "", "Backend Engineer", "", RELATED),
    ("Product Designer", "", "Product Manager", "", RELATED),
    ("Data Scientist", "", "Data Science Manager", "", RELATED),
    ("Site Reliability Engineer", "", "Support Engineer", "", RELATED),
    ("Account Executive", "", "Sales Development Representative", "", RELATED),
    ("Junior Data Analyst", "", "Head of Data", "", RELATED),
    ("Senior iOS Engineer", "Austin, TX", "iOS Engineer II", "Toronto", RELATED),
    ("Software Engineer", "", "Receptionist", "", UNRELATED),
    ("Product Manager", "", "Senior Tax Manager", "", UNRELATED),
    ("Machine Learning Engineer", "", "Electrical Engineer", "", UNRELATED),
    ("UX Designer", "", "Graphic Designer", "", RELATED),
    ("Security Engineer", "", "Security Guard", "", UNRELATED),
    ("Platform Engineer", "", "Content Marketing Manager", "", UNRELATED),
    ("Data Engineer", "", "Data Entry Clerk", "", UNRELATED),
    ("Backend Engineer", "", "Brand Designer", "", UNRELATED),
    ("Senior Software Engineer", "", "Senior HR Business Partner", "", UNRELATED),
]
