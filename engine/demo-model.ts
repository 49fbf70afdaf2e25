import type { Model } from '../shared/model-schema.ts'

/** The model a newcomer sees first: every transform kind, over the fields generateDemoLeads writes. */
export const DEMO_MODEL: Model = {
  id: 'demo-lead-score',
  name: 'Demo lead score',
  description: 'Firmographics, engagement and intent, weighted to sum to 1.',
  factors: [
    {
      id: 'company-size',
      label: 'Company size',
      field: 'employees',
      weight: 0.2,
      missing: 0.1,
      transform: { kind: 'log', min: 10, max: 10000 },
    },
    {
      id: 'industry-fit',
      label: 'Industry fit',
      field: 'industry',
      weight: 0.15,
      missing: 0.2,
      transform: {
        kind: 'category',
        map: {
          software: 1,
          fintech: 0.9,
          healthcare: 0.7,
          manufacturing: 0.5,
          retail: 0.4,
          education: 0.3,
        },
        default: 0.2,
      },
    },
    {
      id: 'email-engagement',
      label: 'Email opens (90 days)',
      field: 'email_opens_90d',
      weight: 0.15,
      missing: 0,
      transform: { kind: 'buckets', edges: [1, 3, 10], scores: [0, 0.3, 0.7, 1] },
    },
    {
      id: 'web-engagement',
      label: 'Page views (30 days)',
      field: 'page_views_30d',
      weight: 0.1,
      missing: 0,
      transform: { kind: 'linear', min: 0, max: 50 },
    },
    {
      id: 'bounce',
      label: 'Email bounce rate',
      field: 'bounce_rate',
      weight: 0.05,
      missing: 0.5,
      transform: { kind: 'linear', min: 0, max: 0.5, invert: true },
    },
    {
      id: 'demo-requested',
      label: 'Requested a demo',
      field: 'demo_requested',
      weight: 0.2,
      missing: 0,
      transform: { kind: 'boolean', whenTrue: 1, whenFalse: 0 },
    },
    {
      id: 'recent-activity',
      label: 'Recent activity',
      field: 'last_activity_at',
      weight: 0.15,
      missing: 0,
      transform: { kind: 'recency', halfLifeDays: 14 },
    },
  ],
  tiers: [
    { name: 'A', min: 0.75 },
    { name: 'B', min: 0.5 },
    { name: 'C', min: 0.25 },
    { name: 'D', min: 0 },
  ],
}
