"""The page load benchmark's database (bench/pages.py, step 1): seeded with plain SQL."""

import psycopg2
from common import (
    SERVER,
    check,
    load,
)

DB_NAME = "second_chance_load"
DATABASE_URL = f"{SERVER}/{DB_NAME}"
FOCUS = 1  # the measured seeker's id
# A seeker early in their search (issue 17's 20-application dashboard); the last id.
SMALL_APPLICATIONS = 20
SMALL_EMAIL = "small-seeker@bench.example"


# The measured seeker (id 1) has applications 1..focus with companies 1..160 (about three
# applications each) over the last year; "r" is an application's age rank (0 = the newest). The
# newest 30 are on the wishlist, the next 50 applied, then 12 screening, 8 interviewing and 2 offers
# (72 live, one of them the dream job); the 398 older ones are closed: rejected, withdrawn or
# ghosted. The last seeker ("Small Seeker", SMALL_EMAIL) is four months into a search: 20
# applications at 20 of their 50 companies, 9 live, 7 rejected. Every other seeker has 50 companies
# and an equal share of the rest of the applications, in a similar mix. Each company has one contact
# (same id). Each application has its stage history (1-4 changes, from the first stage to the
# current one), each rejected one a rejection (same id), and each one 5 follow-ups: a nudge sent,
# then by slot a nudge scheduled while it is live (cancelled once closed), a gracious reply or
# thank-you, a stay-on-radar check-in scheduled after a rejection, and a cancelled one. Scheduled
# follow-ups fall from 3 days overdue to 2 months ahead, so a few are due on any day.
SEED_SQL = """
INSERT INTO accounts_user
    (id, password, last_login, is_superuser, is_staff, is_active, date_joined, email, name)
SELECT g, '!bench-unusable', NULL, false, false, true, now() - interval '400 days',
       CASE WHEN g = %(seekers)s THEN %(small_email)s ELSE 'seeker' || g || '@bench.example' END,
       CASE WHEN g = 1 THEN 'Bench Seeker' WHEN g = %(seekers)s THEN 'Small Seeker'
            ELSE 'Seeker ' || g END
FROM generate_series(1, %(seekers)s) AS g;

INSERT INTO accounts_profile
    (id, user_id, time_zone, min_live_alternatives, quiet_days, radar_first_weeks,
     radar_second_weeks, radar_third_weeks, reminder_hour, reminders_enabled, reply_within_days,
     keep_in_touch_days)
SELECT g, g, CASE WHEN g %% 3 = 0 THEN 'America/New_York' ELSE 'Europe/Berlin' END,
       2, 7, 4, 13, 26, 8, true, 1, 60
FROM generate_series(1, %(seekers)s) AS g;

INSERT INTO applications_company (id, owner_id, name, website, notes, is_hidden, created_at)
SELECT g,
       CASE WHEN g <= %(focus_companies)s THEN 1
            ELSE 2 + (g - %(focus_companies)s - 1) / %(companies_each)s END,
       (ARRAY['Northwind', 'Contoso', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark',
              'Wayne', 'Acme', 'Tyrell'])[1 + g %% 10] || ' ' || g,
       'https://company' || g || '.example', '', false, now() - interval '380 days'
FROM generate_series(1, %(focus_companies)s + (%(seekers)s - 1) * %(companies_each)s) AS g;

INSERT INTO applications_contact
    (id, owner_id, company_id, name, role, email, phone, linkedin, notes, created_at)
SELECT id, owner_id, id, 'Recruiter ' || id, 'Talent partner', 'talent' || id || '@example.com',
       '', '', '', created_at
FROM applications_company;

WITH base AS (
    SELECT g,
           CASE WHEN g <= %(focus)s THEN 1 WHEN g <= %(focus)s + %(small)s THEN %(seekers)s
                ELSE 2 + (g - %(focus)s - %(small)s - 1) %% (%(seekers)s - 2) END
               AS owner,
           CASE WHEN g <= %(focus)s THEN 1 + (g - 1) %% %(focus_companies)s
                WHEN g <= %(focus)s + %(small)s
                THEN %(focus_companies)s + 1 + (%(seekers)s - 2) * %(companies_each)s
                     + (g - %(focus)s - 1) %% %(companies_each)s
                ELSE %(focus_companies)s + 1
                     + ((g - %(focus)s - %(small)s - 1) %% (%(seekers)s - 2)) * %(companies_each)s
                     + ((g - %(focus)s - %(small)s - 1) / (%(seekers)s - 2)) %% %(companies_each)s
           END AS company,
           CASE WHEN g <= %(focus)s THEN %(focus)s - g
                -- the small seeker's 20 over four months: 4 on the wishlist, 6 applied,
                -- 2 screening, 1 interviewing, 7 rejected
                WHEN g <= %(focus)s + %(small)s THEN (%(focus)s + %(small)s - g) * 8
                ELSE ((%(applications)s - g) / (%(seekers)s - 2)) * %(focus)s
                     / GREATEST(1, (%(applications)s - %(focus)s - %(small)s) / (%(seekers)s - 2))
           END AS r
    FROM generate_series(1, %(applications)s) AS g
), staged AS (
    SELECT *,
           CASE WHEN r < 30 THEN 'wishlist' WHEN r < 80 THEN 'applied'
                WHEN r < 92 THEN 'screening' WHEN r < 100 THEN 'interviewing'
                WHEN r < 102 THEN 'offer'
                WHEN r %% 8 < 4 THEN 'rejected' WHEN r %% 8 = 4 THEN 'withdrawn'
                ELSE 'ghosted' END AS stage
    FROM base
)
INSERT INTO applications_application
    (id, owner_id, company_id, role_title, posting_url, description, location, work_mode,
     salary_min, salary_max, salary_currency, source, applied_on, excitement, is_dream_job,
     notes, stage, stage_changed_at, created_at, updated_at, is_pinned_second,
     pipeline_position)
SELECT g, owner, company,
       (ARRAY['Data Analyst', 'Product Manager', 'Backend Engineer', 'UX Researcher',
              'Marketing Lead', 'Support Engineer', 'Data Engineer'])[1 + g %% 7],
       'https://jobs.example.com/' || g,
       'A role we found on a job board. Responsibilities include working with the team.',
       (ARRAY['Remote', 'Berlin', 'New York', 'London'])[1 + g %% 4],
       (ARRAY['remote', 'hybrid', 'on_site', ''])[1 + g %% 4],
       CASE WHEN g %% 3 = 0 THEN 50000 + 1000 * (g %% 40) END,
       CASE WHEN g %% 3 = 0 THEN 70000 + 1000 * (g %% 40) END,
       'USD', (ARRAY['job_board', 'referral', 'recruiter', 'company_site'])[1 + g %% 4],
       CASE WHEN stage <> 'wishlist' THEN current_date - (r * 365 / %(focus)s) END,
       1 + (g * 7) %% 5,
       -- one live dream job per seeker (interviewing), and two older ones that closed
       r IN (95, 150, 300),
       CASE WHEN g %% 5 = 0 THEN 'Spoke to the hiring manager; follow up next week.' ELSE '' END,
       stage,
       now() - r * interval '17 hours' + CASE WHEN stage IN ('rejected', 'withdrawn', 'ghosted')
                                              THEN interval '14 days' ELSE interval '0' END,
       now() - r * interval '17 hours' - interval '1 day',
       now() - r * interval '17 hours', false, NULL
FROM staged;

INSERT INTO applications_stagechange
    (from_stage, to_stage, changed_at, note, application_id, owner_id)
SELECT COALESCE(path.stages[step.i - 1], ''), path.stages[step.i],
       a.stage_changed_at - (array_length(path.stages, 1) - step.i) * interval '5 days', '', a.id,
       a.owner_id
FROM applications_application AS a
CROSS JOIN LATERAL (
    SELECT CASE a.stage
        WHEN 'wishlist' THEN ARRAY['wishlist']
        WHEN 'applied' THEN ARRAY['applied']
        WHEN 'screening' THEN ARRAY['applied', 'screening']
        WHEN 'interviewing' THEN ARRAY['applied', 'screening', 'interviewing']
        WHEN 'offer' THEN ARRAY['applied', 'screening', 'interviewing', 'offer']
        WHEN 'rejected' THEN CASE WHEN a.id %% 2 = 0 THEN ARRAY['applied', 'screening', 'rejected']
                                  ELSE ARRAY['applied', 'rejected'] END
        ELSE ARRAY['applied', a.stage]
    END AS stages
) AS path
CROSS JOIN LATERAL generate_series(1, array_length(path.stages, 1)) AS step(i)
ORDER BY a.id, step.i;

INSERT INTO rejections_rejection
    (id, owner_id, application_id, received_on, channel, stage_reached, previous_stage,
     contact_id, employer_words, is_actionable, created_at, updated_at)
SELECT a.id, a.owner_id, a.id, a.stage_changed_at::date,
       (ARRAY['email', 'portal', 'phone'])[1 + a.id %% 3],
       CASE WHEN a.id %% 2 = 0 THEN 'screening' ELSE 'applied' END,
       CASE WHEN a.id %% 2 = 0 THEN 'screening' ELSE 'applied' END,
       a.company_id, 'We decided to move forward with other candidates.', a.id %% 4 = 0,
       a.stage_changed_at, a.stage_changed_at
FROM applications_application AS a
WHERE a.stage = 'rejected';

INSERT INTO followups_followup
    (id, owner_id, application_id, rejection_id, contact_id, kind, due_on, state, done_at,
     subject, body, created_at, updated_at)
SELECT f.g, a.owner_id, a.id,
       CASE WHEN a.stage = 'rejected' AND f.slot IN (2, 3) THEN a.id END,
       CASE WHEN f.slot IN (2, 3) THEN a.company_id END,
       (ARRAY['nudge', 'nudge', 'gracious_reply', 'check_in', 'nudge'])[1 + f.slot],
       CASE WHEN s.state = 'scheduled' THEN current_date - 3 + (f.g * 37) %% 63
            ELSE COALESCE(a.applied_on, current_date) + 7 * (f.slot + 1) END,
       s.state,
       CASE WHEN s.state = 'done' THEN a.stage_changed_at - interval '2 days' END,
       'Following up on the ' || a.role_title || ' role',
       'Hi, I hope you are well. I wanted to follow up on my application for the '
           || a.role_title || ' role and share a short update on what I have been working on.',
       a.created_at, a.stage_changed_at
FROM (
    SELECT g, (g - 1) / 5 + 1 AS application, (g - 1) %% 5 AS slot
    FROM generate_series(1, %(follow_ups)s) AS g
) AS f
JOIN applications_application AS a ON a.id = f.application
CROSS JOIN LATERAL (
    SELECT CASE
        WHEN a.stage = 'wishlist' THEN 'cancelled'
        WHEN f.slot = 0 THEN 'done'
        WHEN f.slot = 1 THEN CASE WHEN a.stage IN ('applied', 'screening', 'interviewing',
                                                   'offer') THEN 'scheduled'
                                  ELSE 'cancelled' END
        WHEN f.slot = 2 THEN CASE WHEN a.stage = 'rejected' THEN 'done' ELSE 'skipped' END
        WHEN f.slot = 3 THEN CASE WHEN a.stage = 'rejected' THEN 'scheduled' ELSE 'cancelled' END
        ELSE 'cancelled'
    END AS state
) AS s
ORDER BY f.g;
"""

SEQUENCES = [
    "accounts_user",
    "accounts_profile",
    "applications_company",
    "applications_contact",
    "applications_application",
    "applications_stagechange",
    "rejections_rejection",
    "followups_followup",
]


def seed(args) -> dict:
    check(args.follow_ups == 5 * args.applications, "--follow-ups must be 5 x --applications")
    check(
        args.applications - args.focus_applications - SMALL_APPLICATIONS >= args.seekers - 2,
        "every other seeker needs an application",
    )
    params = {
        "seekers": args.seekers,
        "applications": args.applications,
        "follow_ups": args.follow_ups,
        "focus": args.focus_applications,
        "small": SMALL_APPLICATIONS,
        "small_email": SMALL_EMAIL,
        "focus_companies": 160,
        "companies_each": 50,
    }
    connection = psycopg2.connect(DATABASE_URL)
    try:
        inserted, total = load(connection, SEED_SQL, params, SEQUENCES)
        with connection.cursor() as cursor:
            counts = {}
            for table in SEQUENCES:
                cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
                counts[table] = cursor.fetchone()[0]
            cursor.execute(
                "SELECT stage, count(*) FROM applications_application WHERE owner_id = %s "
                "GROUP BY stage ORDER BY 2 DESC",
                [FOCUS],
            )
            focus_stages = dict(cursor.fetchall())
            cursor.execute(
                "SELECT count(*), count(*) FILTER (WHERE state = 'scheduled'),"
                " count(*) FILTER (WHERE state = 'scheduled' AND due_on <= current_date)"
                " FROM followups_followup WHERE owner_id = %s",
                [FOCUS],
            )
            focus_follow_ups = cursor.fetchone()
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            (size,) = cursor.fetchone()
    finally:
        connection.close()
    check(counts["accounts_user"] == args.seekers, counts)
    check(counts["applications_application"] == args.applications, counts)
    check(counts["followups_followup"] == args.follow_ups, counts)
    check(sum(focus_stages.values()) == args.focus_applications, focus_stages)
    return {
        "insert_s": inserted,
        "seed_s": total,
        "counts": counts,
        "focus_stages": focus_stages,
        "focus_follow_ups": focus_follow_ups,
        "size": size,
    }
