import { UNKNOWN_ID, postJob, type BadInputCase } from './bad-input-kit.js';

const MAX_COST = /max_cost must be a non-negative number of USD/;

const createWith = (name: string, maxCost: string): BadInputCase => ({
  name: `costs: create with max_cost ${name}`,
  send: (ctx) => postJob(ctx, { fields: { max_cost: maxCost } }),
  status: 400,
  detail: MAX_COST,
});

/** Spending caps and estimates (docs/costs.md): bad `max_cost` and `dry_run` values. */
export const BAD_COST_CASES: BadInputCase[] = [
  createWith('negative', '-1'),
  createWith('not a number', 'abc'),
  createWith('in exponent form', '1e3'),
  createWith('Infinity', 'Infinity'),
  createWith('NaN', 'NaN'),
  createWith('over the limit', '99999999'),
  {
    name: 'costs: estimate with a negative max_cost',
    send: (ctx) => ({ ...postJob(ctx, { fields: { max_cost: '-0.5' } }), route: '/jobs/estimate' }),
    status: 400,
    detail: MAX_COST,
  },
  {
    name: 'costs: estimate without a PDF',
    send: (ctx) => ({ ...postJob(ctx, { pdf: null }), route: '/jobs/estimate' }),
    status: 400,
    detail: /Missing file field: pdf/,
  },
  {
    name: 'costs: resume with a non-numeric max_cost',
    send: () => ({
      method: 'POST',
      route: `/jobs/${UNKNOWN_ID}/resume`,
      body: new URLSearchParams({ max_cost: 'lots' }),
    }),
    status: 400,
    detail: MAX_COST,
  },
  {
    name: 'costs: restart with a negative max_cost',
    send: () => {
      const form = new FormData();
      form.set('max_cost', '-3');
      return { method: 'POST', route: `/jobs/${UNKNOWN_ID}/restart`, body: form };
    },
    status: 400,
    detail: MAX_COST,
  },
  {
    name: 'costs: start with dry_run of an unknown value',
    send: () => ({
      method: 'POST',
      route: `/jobs/${UNKNOWN_ID}/start`,
      body: new URLSearchParams({ dry_run: 'maybe' }),
    }),
    status: 400,
    detail: /dry_run must be true or false/,
  },
];
