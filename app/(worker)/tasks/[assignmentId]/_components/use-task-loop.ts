'use client';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { TaskCard } from '@/components/tasks/task-card';
import type { SkipReason } from '@/lib/assignment/types';
import { advanceTaskAction, prefetchTaskAction, submitAnswerAction, type ExamOutcome, type NoTaskReason, type TaskStep } from '@/lib/workers/actions';
import type { EarningsStrip } from '@/lib/workers/queries';
import { flushPendingAnswers, isNetworkError, readPendingAnswers, removePendingAnswer, savePendingAnswer } from './pending-answers';

// The phone's task loop. It holds the task on screen and the next one, leased ahead and already rendered: a tap
// shows the next task at once and sends the answer in the background, whose reply brings the task after that.
// One request in flight at a time, so replies apply in order; a tap made while one is out waits for it (there is
// no next task to show before it comes back anyway).

/** A task leased ahead is shown only with this much of its lease left; otherwise the server's pick is awaited. */
const MIN_AHEAD_LEASE_MS = 30_000;
/** A repeated click (a double tap's second half) this soon after a task came on screen is swallowed, not an answer. */
const DOUBLE_TAP_WINDOW_MS = 1_000;
/** The earnings strip is re-read from the server every this many taps; in between it counts answers as pending. */
const STRIP_EVERY = 10;
/** Back online, answers kept on the phone are sent again this often until they are through. */
const OFFLINE_RETRY_MS = 2_000;

type Outcome = { answer: unknown } | { skip: SkipReason };
/** A task the loop holds, with when its lease ends on this phone's clock. */
type Held = { card: TaskCard; expiresAt: number };

/** A card's lease end on this phone's clock: its time left, counted from when the phone asked (so never too late). */
const held = (card: TaskCard, askedAt: number): Held => ({ card, expiresAt: askedAt + card.leaseLeftMs });
const noSubscription = () => () => {};
export type LoopNotice =
  | { kind: 'offline' }
  | { kind: 'none'; reason: NoTaskReason }
  | { kind: 'error'; message: string }
  | { kind: 'notSaved'; message: string };

export type TaskLoop = {
  current: TaskCard;
  expiresAt: number;
  /** No task to show: waiting for the server (or, offline, for the connection). */
  waiting: boolean;
  /** Nothing left to show: the last task was answered and no other came (the notice says why). */
  finished: boolean;
  notice: LoopNotice | null;
  exam: ExamOutcome | null;
  strip: EarningsStrip;
  answer: (value: unknown) => void;
  skip: (reason: SkipReason) => void;
  /** Capture-phase click handler for the task area: drops the second click of a double tap on a task just shown. */
  guardDoubleTap: (event: { detail: number; preventDefault: () => void; stopPropagation: () => void }) => void;
};

export function useTaskLoop(initial: { current: TaskCard; ahead: TaskCard | null; strip: EarningsStrip }): TaskLoop {
  // True only while hydrating the server's HTML: the page was then asked for when this document's navigation began.
  const hydrating = useSyncExternalStore(noSubscription, () => false, () => true);
  const [pageAskedAt] = useState(() => (hydrating ? performance.timeOrigin : Date.now()));
  const [current, setCurrent] = useState(initial.current);
  const [expiresAt, setExpiresAt] = useState(pageAskedAt + initial.current.leaseLeftMs);
  const [waiting, setWaiting] = useState(false);
  const [finished, setFinished] = useState(false);
  const [notice, setNotice] = useState<LoopNotice | null>(null);
  const [exam, setExam] = useState<ExamOutcome | null>(null);
  const [strip, setStrip] = useState(initial.strip);
  const ahead = useRef<Held | null>(initial.ahead && held(initial.ahead, pageAskedAt));
  const shown = useRef({ id: initial.current.assignmentId, at: 0 });
  const busy = useRef(false);
  const queued = useRef<{ card: TaskCard; outcome: Outcome } | null>(null);
  const taps = useRef(0);
  const retry = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const show = useCallback((card: TaskCard, expires: number) => {
    setCurrent(card);
    setExpiresAt(expires);
    shown.current = { id: card.assignmentId, at: Date.now() };
    window.history.replaceState(window.history.state, '', `/tasks/${card.assignmentId}`);
    window.scrollTo({ top: 0 });
  }, []);

  const apply = useCallback(
    (step: TaskStep, askedAt: number, answered: TaskCard, outcome: Outcome, promotedLocally: boolean) => {
      if (step.kind === 'exam') return setExam(step.exam);
      if (step.kind === 'none') {
        setFinished(true);
        return setNotice({ kind: 'none', reason: step.reason });
      }
      if (step.kind === 'invalid' || step.kind === 'error') {
        setNotice(promotedLocally ? { kind: 'notSaved', message: step.message } : { kind: 'error', message: step.message });
        // Refused and still on screen (an empty or duplicate reply, a tree that changed): the worker can change the
        // answer and send it again, or skip.
        if (!promotedLocally && shown.current.id === '') shown.current = { id: answered.assignmentId, at: 0 };
        return;
      }
      if (step.current) show(step.current, askedAt + step.current.leaseLeftMs);
      else if (step.promotedLeftMs !== null) setExpiresAt(askedAt + step.promotedLeftMs);
      ahead.current = step.ahead && held(step.ahead, askedAt);
      if (!step.current && !promotedLocally) setNotice(step.aheadNone ? { kind: 'none', reason: step.aheadNone } : null);
      if (step.strip) setStrip(step.strip);
      else if ('answer' in outcome && answered.rewardMsats > 0n) {
        setStrip((s) => ({ ...s, pendingMsats: s.pendingMsats + answered.rewardMsats, todayMsats: s.todayMsats + answered.rewardMsats }));
      }
    },
    [show],
  );

  const send = useCallback(
    async (answered: TaskCard, outcome: Outcome) => {
      const next = ahead.current && ahead.current.expiresAt - Date.now() > MIN_AHEAD_LEASE_MS ? ahead.current.card : null;
      ahead.current = null;
      if (next) show(next, Date.now() + next.leaseMs);
      setWaiting(!next);
      setNotice(null);
      busy.current = true;
      const tap = taps.current++;
      // Kept on the phone until the server has it: if the request is lost (offline, the page closed, a dropped
      // connection), PendingSync sends it again from whatever page is open next. The server records it once.
      // A skip is not kept: its lease runs out and the item goes back to the pool.
      if ('answer' in outcome) savePendingAnswer({ assignmentId: answered.assignmentId, projectId: answered.projectId, answer: outcome.answer, savedAt: Date.now() });
      const askedAt = Date.now();
      try {
        const step = await advanceTaskAction({ assignmentId: answered.assignmentId, ...outcome, aheadId: next?.assignmentId ?? null, strip: tap % STRIP_EVERY === 0 });
        removePendingAnswer(answered.assignmentId);
        apply(step, askedAt, answered, outcome, next !== null);
        setWaiting(false);
      } catch (error) {
        if (!isNetworkError(error)) {
          removePendingAnswer(answered.assignmentId);
          setWaiting(false);
          setNotice({ kind: 'error', message: String((error as Error)?.message ?? error) });
        } else {
          setNotice({ kind: 'offline' });
        }
      } finally {
        busy.current = false;
      }
      releaseQueued();
    },
    [apply, show],
  );
  const sendRef = useRef(send);
  sendRef.current = send;
  /** A tap made while a request was out is sent as soon as that request is back. */
  const releaseQueued = () => {
    const waitingTap = queued.current;
    queued.current = null;
    if (waitingTap) void sendRef.current(waitingTap.card, waitingTap.outcome);
  };

  const act = useCallback(
    (outcome: Outcome) => {
      const card = current;
      if (shown.current.id !== card.assignmentId || queued.current?.card.assignmentId === card.assignmentId) return;
      shown.current = { id: '', at: Date.now() }; // this card is answered: further taps on it are dropped
      if (busy.current) {
        queued.current = { card, outcome };
        // Kept on the phone from now on, as a sent answer is: it survives the page being closed meanwhile.
        if ('answer' in outcome) savePendingAnswer({ assignmentId: card.assignmentId, projectId: card.projectId, answer: outcome.answer, savedAt: Date.now() });
        setWaiting(true);
        return;
      }
      void send(card, outcome);
    },
    [current, send],
  );

  // A task with nothing behind it (a page load, an exam just passed, back online): lease the next one ahead.
  const prefetch = useCallback(async () => {
    if (busy.current || ahead.current || current.exam) return;
    busy.current = true;
    try {
      // Answers kept while offline go first: until they arrive, their tasks still count as this worker's live ones.
      if (!(await flushPendingAnswers((pending) => submitAnswerAction({ assignmentId: pending.assignmentId, answer: pending.answer })))) {
        clearTimeout(retry.current);
        retry.current = setTimeout(() => void prefetchRef.current(), OFFLINE_RETRY_MS);
        return;
      }
      const askedAt = Date.now();
      const step = await prefetchTaskAction({ projectId: current.projectId, currentId: current.assignmentId });
      if (step.kind === 'next') {
        if (step.current) show(step.current, askedAt + step.current.leaseLeftMs);
        ahead.current = step.ahead && held(step.ahead, askedAt);
        setWaiting(false);
        setNotice((n) => (n?.kind === 'offline' ? null : n));
      }
    } catch {
      // offline or a failed request: the task on screen still works; the next tap asks the server anyway
      if (notice?.kind === 'offline') {
        clearTimeout(retry.current);
        retry.current = setTimeout(() => void prefetchRef.current(), OFFLINE_RETRY_MS);
      }
    } finally {
      busy.current = false;
    }
    releaseQueued();
  }, [current, show, notice]);
  const prefetchRef = useRef(prefetch);
  prefetchRef.current = prefetch;
  useEffect(() => () => clearTimeout(retry.current), []);

  // A page loaded while an answer was on its way (a reload, a second tab) can bring that answered task back: its
  // lease stays ACTIVE until the answer lands, so the server shows it again, on screen or leased ahead. The phone
  // knows better: on screen, it is answered again with the kept answer (recorded once, and the reply brings the
  // next task); ahead, it is dropped, and the prefetch below sends the kept answer before leasing another.
  const answeredOnLoad = useRef(false);
  useEffect(() => {
    if (answeredOnLoad.current) return;
    answeredOnLoad.current = true;
    const pending = readPendingAnswers();
    const aheadId = ahead.current?.card.assignmentId;
    if (aheadId && pending.some((kept) => kept.assignmentId === aheadId)) ahead.current = null;
    const kept = pending.find((answer) => answer.assignmentId === initial.current.assignmentId);
    if (kept) act({ answer: kept.answer });
  }, [act, initial.current.assignmentId]);

  useEffect(() => {
    if (!ahead.current && !exam) void prefetch();
    const onOnline = () => void prefetch();
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [prefetch, exam]);

  return {
    current,
    expiresAt,
    waiting,
    finished,
    notice,
    exam,
    strip,
    answer: useCallback((value: unknown) => act({ answer: value }), [act]),
    skip: useCallback((reason: SkipReason) => act({ skip: reason }), [act]),
    // The browser counts clicks in place (event.detail): the second of a double tap has 2. On a task shown a moment
    // ago it can only be the end of the tap that answered the one before, so it must not answer this one.
    guardDoubleTap: useCallback((event) => {
      if (event.detail > 1 && Date.now() - shown.current.at < DOUBLE_TAP_WINDOW_MS) {
        event.preventDefault();
        event.stopPropagation();
      }
    }, []),
  };
}
