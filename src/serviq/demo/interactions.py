"""The contact log: one day at a time, so that a month and 20 million rows share one code path.

:class:`ContactCentre` keeps what crosses midnight — the queues' backlogs, the customers who
will call again about an unresolved issue, and the running numbers of interactions, issues and
work orders — and :meth:`ContactCentre.day` returns the day's contacts as numpy columns.
Per day and queue, arrivals are Poisson per 15-minute interval with the intraday and weekday
shapes of :mod:`serviq.demo.seasonality`; phone and chat/app waits come from the staffing
simulation of :mod:`serviq.demo.queueing`; e-mails are answered within hours, counter visits
wait for a ticket number, proactive calls are dialled out by agents. Talk and wrap-up times
are lognormal by contact type; transfers and resolution depend on the agent's skill; an
unresolved or abandoned issue brings the same customer back within days (which is what
first-contact resolution measures).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from serviq.demo.centre import CHANNELS, CONTACT_TYPES, QUEUES, CentreProfile
from serviq.demo.identifiers import fixed_ids, hashed_keys
from serviq.demo.queueing import simulate_pool
from serviq.demo.rosters import DAY, NIGHT, Roster
from serviq.demo.seasonality import (
    INTERVAL_SECONDS,
    INTERVALS_PER_DAY,
    day_factor,
    day_kind,
    intraday_profile,
)

CH = {c: i for i, c in enumerate(CHANNELS)}
CT = {c: i for i, c in enumerate(CONTACT_TYPES)}
DAY_SECONDS = 86400
VOICE, DIGITAL = 0, 1
DIGITAL_CHANNELS = (CH["chat"], CH["app"], CH["email"])

INTERACTION_COLUMNS = [
    "interaction_id", "channel", "queue", "contact_type", "agent_id", "customer_key",
    "issue_key", "arrived_at", "answered_at", "ended_at", "hold_seconds", "wrapup_seconds",
    "abandoned", "transferred", "resolved", "csat", "work_order_id", "team_id",
    "system_problem", "hard_case",
]  # fmt: skip

# The keys of :meth:`ContactCentre.day` (numpy arrays): codes and numbers, turned into
# strings only on output.
DAY_FIELDS = (
    "number", "channel", "queue", "ctype", "agent", "customer", "issue", "arrived", "answered",
    "ended", "hold", "wrapup", "abandoned", "transferred", "resolved", "csat", "work_order",
    "wait", "talk", "repeat", "skill", "system_problem", "hard_case",
)  # fmt: skip


def _lognormal(rng: np.random.Generator, median: np.ndarray, sigma: float) -> np.ndarray:
    return median * np.exp(sigma * rng.standard_normal(len(median)))


class ContactCentre:
    """The day-by-day simulation of the centre's contacts (state carried across midnight)."""

    def __init__(
        self,
        profile: CentreProfile,
        people: pd.DataFrame,
        roster: Roster,
        scale: float,
        seed: int,
    ) -> None:
        self.profile = profile
        self.scale = scale
        self.seed = seed
        self.roster = roster
        self.first_day = roster.days[0]
        agents = people[people["role"] == "agent"].set_index("person_id").loc[roster.agents]
        self.agent_ids = roster.agents
        self.agent_team = agents["team_id"].to_numpy()
        self.team_names = list(profile.organisation.teams)
        self.agent_skill = agents["skill_level"].to_numpy().astype(np.int8)
        self.agent_queue = np.array([QUEUES.index(q) for q in agents["primary_queue"]])
        self.agent_group = np.where(agents["job_type"].to_numpy() == "chat_agent", DIGITAL, VOICE)
        arr = profile.arrivals
        self.voice_profile = intraday_profile(arr.intraday_voice)
        self.digital_profile = intraday_profile(arr.intraday_digital)
        hours = np.arange(INTERVALS_PER_DAY) // 4
        branch = np.where((hours >= 9) & (hours < 17), self.voice_profile, 0.0)
        self.counter_profile = branch / branch.sum()
        self.proactive_profile = np.where(
            (hours >= 9) & (hours < 12) | (hours >= 14) & (hours < 17), 1.0, 0.0
        )
        self.proactive_profile /= self.proactive_profile.sum()
        q = np.array([arr.queues.get(x, 0.0) for x in QUEUES])
        self.queue_share = q / q.sum()
        pro = arr.proactive_queues or arr.queues
        pq = np.array([pro.get(x, 0.0) for x in QUEUES])
        self.proactive_queue_share = pq / pq.sum()
        c = np.array([arr.channels.get(x, 0.0) for x in CHANNELS])
        self.channel_share = c / c.sum()
        self.type_share = np.array([arr.contact_types[x] for x in QUEUES], dtype=float)
        self.type_share /= self.type_share.sum(axis=1, keepdims=True)
        h = profile.handling
        self.talk_median = np.array([h.talk_median[x] for x in CONTACT_TYPES])
        self.wrap_median = np.array([h.wrapup_median[x] for x in CONTACT_TYPES])
        o = profile.outcomes
        self.transfer_rate = np.array([o.transfer_rate[x] for x in CONTACT_TYPES])
        self.resolve_rate = np.array([o.resolve_rate[x] for x in CONTACT_TYPES])
        self.work_order_rate = np.array([o.work_order_rate[x] for x in CONTACT_TYPES])
        self.population = max(1000, int(arr.daily_contacts * scale * 40))
        self.tz = ZoneInfo(profile.timezone)
        # State carried across midnight.
        self.backlog = np.zeros(2)
        self.pending: dict[str, np.ndarray] = {
            f: np.zeros(0, dtype=np.int64)
            for f in (
                "due", "channel", "queue", "ctype", "customer", "issue", "work_order", "system",
                "hard",
            )
        }  # fmt: skip
        self.next_number = 1
        self.next_issue = 1
        self.next_work_order = 1
        self.end_seconds = self._local_seconds(roster.days[-1]) + DAY_SECONDS
        # Below scale 1 a pool has one or two agents, and who happens to be rostered would
        # decide the day's service; such a centre is simulated with its average staffing.
        sample = range(min(len(roster.days), 35))
        self.mean_agents = np.mean([self.effective_agents(d) for d in sample], axis=0)
        sp = profile.system_problems
        self.extra_volume = np.array([sp.extra_volume.get(x, 0.0) for x in QUEUES])
        ic = np.array([sp.incident_channels.get(x, 0.0) for x in CHANNELS])
        self.incident_channel_share = ic / ic.sum()
        self.incident_type_share = np.array(sp.incident_contact_types) / sum(
            sp.incident_contact_types
        )
        hc = profile.hard_cases
        self.hard_rate = np.array([hc.rate[x] for x in CONTACT_TYPES])
        self.hard_queue = np.array([hc.queue_factor[x] for x in QUEUES])
        self.incidents = self._schedule_incidents()

    def _schedule_incidents(self) -> dict[int, list[tuple[int, int]]]:
        """System incidents: day index → (start, end) in seconds after local midnight.

        Per calendar month of the period, Poisson(``incidents_per_month`` × the share of the
        month generated) incidents, at least one when the rate is positive, on working
        weekdays, starting uniformly within ``incident_start_hours`` and lasting uniformly
        within ``incident_hours``.
        """
        sp = self.profile.system_problems
        rng = np.random.default_rng([self.seed, 4])
        out: dict[int, list[tuple[int, int]]] = {}
        if sp.incidents_per_month <= 0:
            return out
        months: dict[tuple[int, int], list[int]] = {}
        for i, d in enumerate(self.roster.days):
            months.setdefault((d.year, d.month), []).append(i)
        for (year, month), idx in months.items():
            length = (
                (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.date(year, month, 1)
            ).days
            n = max(1, int(rng.poisson(sp.incidents_per_month * len(idx) / length)))
            work = [i for i in idx if day_kind(self.roster.days[i]) == "workday"] or idx
            for i in rng.choice(work, size=min(n, len(work)), replace=False):
                lo, hi = sp.incident_start_hours
                start = int(rng.uniform(lo, hi) * 3600)
                end = min(
                    DAY_SECONDS - 1,
                    start + int(rng.uniform(sp.incident_hours[0], sp.incident_hours[1]) * 3600),
                )
                out.setdefault(int(i), []).append((start, end))
        return out

    def incident_windows(self) -> list[tuple[dt.datetime, dt.datetime]]:
        """The incidents as (start, end) local datetimes, in time order."""
        out = []
        for i, spans in sorted(self.incidents.items()):
            midnight = dt.datetime.combine(self.roster.days[i], dt.time(), tzinfo=self.tz)
            for a, b in spans:
                out.append((midnight + dt.timedelta(seconds=a), midnight + dt.timedelta(seconds=b)))
        return out

    # -- helpers ---------------------------------------------------------------------------
    @staticmethod
    def _hard_shift(hard: np.ndarray, p_hard: np.ndarray, factor: float) -> np.ndarray:
        """Multiplier of a rate for hard cases (``factor``) and ordinary ones, such that the
        rate over all contacts of a kind stays the configured one: ``factor / m`` and
        ``1 / m`` with ``m = 1 + p_hard (factor − 1)``."""
        return np.where(hard, factor, 1.0) / (1 + p_hard * (factor - 1))

    def _local_seconds(self, day: dt.date) -> int:
        return (day - dt.date(1970, 1, 1)).days * DAY_SECONDS

    def _rng(self, day_index: int, part: int) -> np.random.Generator:
        return np.random.default_rng([self.seed, 1, day_index, part])

    def effective_agents(self, day_index: int) -> np.ndarray:
        """Effective agents per queue × group × interval of the day (after leave and shrinkage)."""
        duty = self.roster.on_duty
        today = duty[:, day_index]
        prev = (
            duty[:, day_index - 1]
            if day_index > 0
            else np.where(self.roster.planned[:, 0] == NIGHT, NIGHT, 0)
        )
        out = np.zeros((len(QUEUES), 2, INTERVALS_PER_DAY))
        hours = np.arange(INTERVALS_PER_DAY) // 4
        day_start = int(self.profile.shifts.day.start.split(":")[0])
        day_end = int(self.profile.shifts.day.end.split(":")[0])
        in_day = (hours >= day_start) & (hours < day_end)
        early = hours < day_start
        for qi in range(len(QUEUES)):
            for g in (VOICE, DIGITAL):
                mine = (self.agent_queue == qi) & (self.agent_group == g)
                n_day = np.sum(mine & (today == DAY))
                n_night = np.sum(mine & (today == NIGHT))
                n_prev_night = np.sum(mine & (prev == NIGHT))
                out[qi, g] = np.where(in_day, n_day, np.where(early, n_prev_night, n_night))
        conc = np.array([1.0, self.profile.handling.chat_concurrency])[None, :, None]
        return out * (1 - self.profile.handling.shrinkage) * conc

    # -- one day -----------------------------------------------------------------------------
    def day(self, day_index: int) -> dict[str, np.ndarray]:
        """The contacts that arrive on day ``day_index`` of the roster, as numpy columns."""
        prof = self.profile
        day = self.roster.days[day_index]
        base = self._local_seconds(day)
        rng = self._rng(day_index, 0)
        working = day_kind(day) == "workday"  # with make-up Saturdays (调休), not holidays
        factor = day_factor(day, prof) * max(
            0.2, 1 + prof.arrivals.day_noise_cv * rng.standard_normal()
        )
        expected = prof.arrivals.daily_contacts * self.scale * factor

        # Fresh inbound arrivals: queue × channel × interval, Poisson.
        shape = np.where(
            np.isin(np.arange(len(CHANNELS)), DIGITAL_CHANNELS)[:, None],
            self.digital_profile[None, :],
            self.voice_profile[None, :],
        )
        shape[CH["counter"]] = self.counter_profile
        if day.weekday() >= 5 or not working:
            shape[CH["counter"]] *= 0.4  # branches open short hours at weekends and holidays
        lam = (
            expected
            * self.queue_share[:, None, None]
            * self.channel_share[None, :, None]
            * shape[None, :, :]
        )
        counts = rng.poisson(lam)
        cells = np.repeat(np.arange(counts.size), counts.ravel())
        qi, ci, ki = np.unravel_index(cells, counts.shape)
        n_new = len(cells)
        arrived = (
            base + ki * INTERVAL_SECONDS + rng.uniform(0, INTERVAL_SECONDS, n_new).astype(np.int64)
        )
        cum = self.type_share[qi].cumsum(axis=1)
        ctype = (rng.random(n_new)[:, None] > cum).sum(axis=1)
        # Proactive service calls, dialled out by agents in office hours on working days.
        n_pro = int(rng.poisson(expected * prof.arrivals.proactive_share)) if working else 0
        pk = rng.choice(INTERVALS_PER_DAY, size=n_pro, p=self.proactive_profile)
        pq = rng.choice(len(QUEUES), size=n_pro, p=self.proactive_queue_share)
        channel = np.concatenate([ci, np.full(n_pro, CH["phone"])])
        queue = np.concatenate([qi, pq])
        ctype = np.concatenate([ctype, np.full(n_pro, CT["proactive"])])
        arrived = np.concatenate(
            [
                arrived,
                base
                + pk * INTERVAL_SECONDS
                + rng.uniform(0, INTERVAL_SECONDS, n_pro).astype(np.int64),
            ]
        )
        # System incidents: extra contacts in the window, and some usual ones caused by it.
        sp = prof.system_problems
        srng = self._rng(day_index, 2)
        system = np.zeros(len(arrived), dtype=bool)
        for start, end in self.incidents.get(day_index, []):
            k0, k1 = start // INTERVAL_SECONDS, -(-end // INTERVAL_SECONDS)
            usual = (
                lam[:, :, k0:k1].sum(axis=(1, 2)) * (end - start) / ((k1 - k0) * INTERVAL_SECONDS)
            )
            xq = np.repeat(np.arange(len(QUEUES)), srng.poisson(usual * self.extra_volume))
            m = len(xq)
            xc = srng.choice(len(CHANNELS), size=m, p=self.incident_channel_share)
            xt = srng.choice(4, size=m, p=self.incident_type_share)
            xa = base + srng.integers(start, end, m)
            hit = (
                (arrived >= base + start)
                & (arrived < base + end)
                & (self.extra_volume[queue] > 0)
                & (self.incident_channel_share[channel] > 0)
                & (ctype != CT["proactive"])
            )
            system |= hit & (srng.random(len(arrived)) < sp.affected_share)
            channel = np.concatenate([channel, xc])
            queue = np.concatenate([queue, xq])
            ctype = np.concatenate([ctype, xt])
            arrived = np.concatenate([arrived, xa])
            system = np.concatenate([system, np.ones(m, dtype=bool)])
        system |= (srng.random(len(arrived)) < sp.background_rate) & (ctype != CT["proactive"])
        n_fresh = len(arrived)
        customer = np.floor(self.population * rng.random(n_fresh) ** 1.6).astype(np.int64) + 1
        issue = np.arange(self.next_issue, self.next_issue + n_fresh, dtype=np.int64)
        self.next_issue += n_fresh
        work_order = np.full(n_fresh, -1, dtype=np.int64)
        repeat = np.zeros(n_fresh, dtype=bool)
        hard = np.zeros(n_fresh, dtype=bool)

        # Customers coming back today about an earlier issue.
        p = self.pending
        due = (p["due"] >= base) & (p["due"] < base + DAY_SECONDS)
        if due.any():
            channel = np.concatenate([channel, p["channel"][due]])
            queue = np.concatenate([queue, p["queue"][due]])
            ctype = np.concatenate([ctype, p["ctype"][due]])
            arrived = np.concatenate([arrived, p["due"][due]])
            customer = np.concatenate([customer, p["customer"][due]])
            issue = np.concatenate([issue, p["issue"][due]])
            work_order = np.concatenate([work_order, p["work_order"][due]])
            repeat = np.concatenate([repeat, np.ones(int(due.sum()), dtype=bool)])
            system = np.concatenate([system, p["system"][due].astype(bool)])
            hard = np.concatenate([hard, p["hard"][due].astype(bool)])
            self.pending = {k: v[~due] for k, v in p.items()}
        order = np.argsort(arrived, kind="stable")
        channel, queue, ctype, arrived, customer, issue, work_order, repeat, system, hard = (
            x[order]
            for x in (
                channel, queue, ctype, arrived, customer, issue, work_order, repeat, system, hard,
            )
        )  # fmt: skip
        n = len(arrived)
        # Hard cases (疑難): by contact type and queue; a repeat contact keeps its issue's flag.
        hc = prof.hard_cases
        p_hard = np.minimum(self.hard_rate[ctype] * self.hard_queue[queue], 1.0)
        hard = np.where(repeat, hard, srng.random(n) < p_hard)
        rng = self._rng(day_index, 1)

        # Handling times (talk, hold, wrap-up) by contact type and channel.
        h = prof.handling
        talk = _lognormal(rng, self.talk_median[ctype], h.talk_sigma)
        is_chat = np.isin(channel, (CH["chat"], CH["app"]))
        talk = np.where(is_chat, talk * h.chat_factor, talk)
        hold = np.where(
            (rng.random(n) < h.hold_probability * np.where(ctype == CT["query"], 0.7, 1.0)) & ~is_chat & (channel != CH["email"]),
            np.round(rng.exponential(h.hold_mean, n)), 0.0,
        )  # fmt: skip
        wrap = _lognormal(rng, self.wrap_median[ctype], 0.5)
        # The talk medians are for all contacts of a type, hard cases included: a hard case
        # takes handle_factor × an ordinary one, and the type's mean stays where it was.
        longer = np.where(system, sp.handle_factor, 1.0) * self._hard_shift(
            hard, p_hard, hc.handle_factor
        )
        talk, wrap = talk * longer, np.round(wrap * longer)
        work = talk + hold + wrap
        work = np.where(is_chat, work / h.chat_concurrency, work)

        # Waits: the staffing simulation for phone and chat/app, simple models elsewhere.
        wait = np.zeros(n)
        abandoned = np.zeros(n, dtype=bool)
        agents_eff = self.effective_agents(day_index) if self.scale >= 1 else self.mean_agents
        tod = (arrived - base).astype(float)
        # One pool per group (skills-based routing lets every agent of the group take any
        # queue); the queue's priority stretches or shortens its waits.
        priority = np.array([prof.patience.queue_wait_factor.get(x, 1.0) for x in QUEUES])
        for g, chans, patience, shape in (
            (VOICE, (CH["phone"],), prof.patience.phone, self.voice_profile),
            (
                DIGITAL,
                (CH["chat"], CH["app"]),
                (prof.patience.chat + prof.patience.app) / 2,
                self.digital_profile,
            ),
        ):
            sel = np.flatnonzero(np.isin(channel, chans) & (ctype != CT["proactive"]))
            short = (
                prof.patience.short_abandon_share
                if g == VOICE
                else prof.patience.short_abandon_share / 2
            )
            w, ab, self.backlog[g] = simulate_pool(
                tod[sel], work[sel], agents_eff[:, g].sum(axis=0), patience, short,
                float(self.backlog[g]), rng, stretch=priority[queue[sel]],
                pool_factor=max(1.0, 1.0 / self.scale), shape=shape,
            )  # fmt: skip
            wait[sel] = w
            abandoned[sel] = ab
        email = channel == CH["email"]
        hour = (tod // 3600).astype(int)
        reply = _lognormal(rng, np.full(n, h.email_reply_median_hours * 3600), 0.8)
        overnight = (hour < 8) | (hour >= 20)
        to_morning = np.where(hour >= 20, DAY_SECONDS - tod + 8.5 * 3600, 8.5 * 3600 - tod)
        wait = np.where(email, np.where(overnight, to_morning + reply / 3, reply), wait)
        counter = channel == CH["counter"]
        wait = np.where(counter, _lognormal(rng, np.full(n, h.counter_wait_median), 0.7), wait)
        walked = counter & (rng.random(n) < 0.03)
        wait = np.where(walked, wait * rng.uniform(0.3, 1.0, n), wait)
        abandoned |= walked
        proactive = ctype == CT["proactive"]
        # An outbound call waits in no queue: the agent dials, and the ringing is handle time.
        ring = rng.uniform(5, 20, n)
        wait = np.where(proactive, 0.0, wait)
        talk = np.where(proactive, talk + ring, talk)
        wait = np.round(wait)
        answered = np.where(abandoned, -1, arrived + wait.astype(np.int64))

        # Who answered: round-robin over the agents on duty in the pool at the answer time.
        agent = self._assign(answered, queue, channel, day_index, rng)
        skill = np.where(agent >= 0, self.agent_skill[np.maximum(agent, 0)], 0)

        # Outcomes.
        skill_transfer = np.array([1.0, 1.4, 1.0, 0.7])[skill]
        p_transfer = self.transfer_rate[ctype] * skill_transfer
        p_transfer = np.minimum(
            p_transfer * self._hard_shift(hard, p_hard, hc.transfer_factor), 0.9
        )
        transferred = ~abandoned & (rng.random(n) < p_transfer)
        talk = np.where(transferred, talk + _lognormal(rng, np.full(n, 90.0), 0.5), talk)
        p_res = self.resolve_rate[ctype] * np.array([1.0, 0.93, 1.0, 1.04])[skill]
        p_res = (
            p_res
            * np.where(transferred, 0.85, 1.0)
            * np.where(wait > 180, 0.95, 1.0)
            * np.where(repeat, 0.97, 1.0)
            * self._hard_shift(hard, p_hard, hc.resolve_factor)
        )
        resolved = ~abandoned & (rng.random(n) < np.minimum(p_res, 0.98))
        talk = np.round(talk)
        ended = np.where(
            abandoned, arrived + wait.astype(np.int64), answered + talk.astype(np.int64)
        )
        hold = np.where(abandoned, 0, hold)
        wrap = np.where(abandoned, 0, wrap)
        talk = np.where(abandoned, 0, talk)

        # Work orders: opened for follow-up (complaints above all), kept by repeat contacts.
        o = prof.outcomes
        need = (
            ~abandoned
            & (work_order < 0)
            & (
                rng.random(n)
                < np.minimum(
                    self.work_order_rate[ctype]
                    * np.where(resolved, 1.0, 2.2)
                    * self._hard_shift(hard, p_hard, hc.work_order_factor),
                    0.97,
                )
            )
        )
        k = int(need.sum())
        work_order = work_order.copy()
        work_order[need] = np.arange(self.next_work_order, self.next_work_order + k)
        self.next_work_order += k

        # Customers who will come back on the same issue.
        r = rng.random(n)
        again = np.where(
            abandoned,
            r < o.repeat_if_abandoned,
            np.where(resolved, r < o.repeat_if_resolved, r < o.repeat_if_unresolved),
        )
        again &= ctype != CT["proactive"]
        idx = np.flatnonzero(again)
        if len(idx):
            m = len(idx)
            days_later = 1 + np.floor(rng.exponential(o.repeat_mean_days, m)).astype(np.int64)
            days_later = np.minimum(days_later, 13)
            tod_next = rng.choice(
                INTERVALS_PER_DAY, size=m, p=self.voice_profile
            ) * INTERVAL_SECONDS + rng.integers(0, INTERVAL_SECONDS, m)
            later = base + days_later * DAY_SECONDS + tod_next
            soon = ended[idx] + 120 + rng.exponential(2400, m).astype(np.int64)
            due_at = np.where(abandoned[idx], soon, later)
            new_channel = np.where(
                rng.random(m) < 0.7,
                channel[idx],
                rng.choice(len(CHANNELS), size=m, p=self.channel_share),
            )
            new_channel = np.where(new_channel == CH["counter"], CH["phone"], new_channel)
            escalate = ~resolved[idx] & ~abandoned[idx] & (rng.random(m) < 0.15)
            new_type = np.where(escalate, CT["complaint"], ctype[idx])
            keep = due_at < self.end_seconds
            add = {
                "due": due_at, "channel": new_channel, "queue": queue[idx], "ctype": new_type,
                "customer": customer[idx], "issue": issue[idx], "work_order": work_order[idx],
                "system": system[idx], "hard": hard[idx],
            }  # fmt: skip
            self.pending = {
                key: np.concatenate([self.pending[key], val[keep].astype(np.int64)])
                for key, val in add.items()
            }

        number = np.arange(self.next_number, self.next_number + n, dtype=np.int64)
        self.next_number += n
        return {
            "number": number, "channel": channel.astype(np.int8), "queue": queue.astype(np.int8),
            "ctype": ctype.astype(np.int8), "agent": agent, "customer": customer, "issue": issue,
            "arrived": arrived.astype(np.int64), "answered": answered.astype(np.int64),
            "ended": ended.astype(np.int64), "hold": hold.astype(np.int32), "wrapup": wrap.astype(np.int32),
            "abandoned": abandoned, "transferred": transferred, "resolved": resolved,
            "csat": np.zeros(n, dtype=np.int8), "work_order": work_order, "wait": wait,
            "talk": talk.astype(np.int32), "repeat": repeat, "skill": skill.astype(np.int8),
            "system_problem": system, "hard_case": hard & ~abandoned,
        }  # fmt: skip

    def _assign(
        self,
        answered: np.ndarray,
        queue: np.ndarray,
        channel: np.ndarray,
        day_index: int,
        rng: np.random.Generator,
    ) -> np.ndarray:
        """The agent (row of the roster) who answered each contact; -1 if nobody did."""
        n = len(answered)
        agent = np.full(n, -1, dtype=np.int64)
        live = np.flatnonzero(answered >= 0)
        if not len(live):
            return agent
        first = self._local_seconds(self.first_day)
        secs = answered[live] - first
        dayno = secs // DAY_SECONDS
        hour = (secs % DAY_SECONDS) // 3600
        day_start = int(self.profile.shifts.day.start.split(":")[0])
        day_end = int(self.profile.shifts.day.end.split(":")[0])
        shift = np.where((hour >= day_start) & (hour < day_end), DAY, NIGHT)
        dayno = np.where(hour < day_start, dayno - 1, dayno)
        last = len(self.roster.days) - 1
        dayno = np.clip(dayno, 0, last)
        group = np.where(np.isin(channel[live], DIGITAL_CHANNELS), DIGITAL, VOICE)
        key = (dayno * 2 + (shift - 1)) * 16 + queue[live].astype(np.int64) * 2 + group
        duty = self.roster.on_duty
        order = np.lexsort((answered[live], key))
        sorted_key = key[order]
        bounds = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1], True])
        for s, e in itertools.pairwise(bounds):
            kk = int(sorted_key[s])
            g = kk % 2
            qx = (kk // 2) % 8
            sh = (kk // 16) % 2 + 1
            d = kk // 32
            on = duty[:, d] == sh
            pool = np.flatnonzero(on & (self.agent_queue == qx) & (self.agent_group == g))
            if not len(pool):
                pool = np.flatnonzero(on & (self.agent_group == g))
            if not len(pool):
                pool = np.flatnonzero(on)
            if not len(pool):
                pool = (
                    np.flatnonzero(self.agent_queue == qx)
                    if np.any(self.agent_queue == qx)
                    else np.arange(len(self.agent_ids))
                )
            pool = rng.permutation(pool)
            agent[live[order[s:e]]] = pool[np.arange(e - s) % len(pool)]
        return agent

    # -- output ------------------------------------------------------------------------------
    def columns(self, day: dict[str, np.ndarray]) -> dict[str, Any]:
        """The canonical interaction columns of a day, as numpy arrays.

        Times are UTC seconds (-1 for none); identifiers are ASCII bytes (numpy ``S``);
        categorical columns are codes into ``_categories`` with -1 for missing, which
        :func:`interactions_frame` and the Arrow writer decode.
        """
        n = len(day["number"])
        delta = dt.datetime.combine(self.first_day, dt.time(12), tzinfo=self.tz).utcoffset()
        offset = int(delta.total_seconds()) if delta is not None else 0
        width = 9 if self.next_number < 10**9 else 12
        agent = day["agent"]
        wo = day["work_order"]
        team_codes = {t: i for i, t in enumerate(self.team_names)}
        agent_team_code = np.array([team_codes[t] for t in self.agent_team], dtype=np.int64)
        return {
            "interaction_id": fixed_ids("I", day["number"], width, as_bytes=True),
            "channel": day["channel"].astype(np.int64),
            "queue": day["queue"].astype(np.int64),
            "contact_type": day["ctype"].astype(np.int64),
            "agent_id": agent,
            "customer_key": hashed_keys(day["customer"], self.seed, as_bytes=True),
            "issue_key": fixed_ids("K", day["issue"], width, as_bytes=True),
            "arrived_at": day["arrived"] - offset,
            "answered_at": np.where(day["answered"] >= 0, day["answered"] - offset, -1),
            "ended_at": day["ended"] - offset,
            "hold_seconds": day["hold"],
            "wrapup_seconds": day["wrapup"],
            "abandoned": day["abandoned"],
            "transferred": day["transferred"],
            "resolved": day["resolved"],
            "csat": day["csat"],
            "work_order_id": fixed_ids("W", np.maximum(wo, 0), 8, as_bytes=True),
            "_work_order_mask": wo < 0,
            "team_id": np.where(agent >= 0, agent_team_code[np.maximum(agent, 0)], -1),
            "system_problem": day["system_problem"],
            "hard_case": day["hard_case"],
            "_categories": {
                "channel": list(CHANNELS),
                "queue": list(QUEUES),
                "contact_type": list(CONTACT_TYPES),
                "agent_id": [str(a) for a in self.agent_ids],
                "team_id": list(self.team_names),
            },
            "_n": n,
        }

    def strings(
        self, cols: dict[str, Any], name: str, rows: np.ndarray | None = None
    ) -> np.ndarray:
        """Column ``name`` of :meth:`columns` (at ``rows``) as objects: ``str`` or ``None``."""
        v = cols[name] if rows is None else cols[name][rows]
        if name in cols["_categories"]:
            cats = np.array([*cols["_categories"][name], None], dtype=object)
            return cats[np.where(v >= 0, v, len(cats) - 1)]
        out = v.astype(str).astype(object)
        if name == "work_order_id":
            mask = cols["_work_order_mask"]
            out[mask if rows is None else mask[rows]] = None
        return out


def take_rows(cols: dict[str, Any], keep: np.ndarray) -> dict[str, Any]:
    """The columns of :meth:`ContactCentre.columns` at the rows where ``keep`` is true."""
    out: dict[str, Any] = {}
    for k, v in cols.items():
        if k in ("_categories", "_n"):
            continue
        out[k] = v[keep]
    out["_categories"] = cols["_categories"]
    out["_n"] = int(np.count_nonzero(keep))
    return out


def interactions_frame(centre: ContactCentre, cols: dict[str, Any], tz: str) -> pd.DataFrame:
    """A pandas DataFrame of the canonical columns, timestamps tz-aware in the centre's zone."""
    out: dict[str, Any] = {}
    for c in INTERACTION_COLUMNS:
        v = cols[c]
        if c in ("arrived_at", "answered_at", "ended_at"):
            ts = pd.to_datetime(
                np.where(v >= 0, v, np.iinfo(np.int64).min).astype("datetime64[s]"), utc=True
            )
            out[c] = pd.Series(ts).dt.tz_convert(tz).astype(f"datetime64[s, {tz}]")
        elif c == "csat":
            out[c] = pd.array(np.where(v > 0, v, 0), dtype="Int64")
            out[c][v <= 0] = pd.NA
        elif c in ("hold_seconds", "wrapup_seconds"):
            out[c] = np.asarray(v, dtype=np.int64)
        elif c in ("abandoned", "transferred", "resolved", "system_problem", "hard_case"):
            out[c] = np.asarray(v, dtype=bool)
        else:
            out[c] = pd.array(centre.strings(cols, c), dtype="str")
    return pd.DataFrame(out)
