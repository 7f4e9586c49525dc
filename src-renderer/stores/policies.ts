import { useEffect } from 'react';
import { create } from 'zustand';
import type { AlertsOverview, ExperimentReportView, ExperimentSummary, OperationInput, PoliciesStatus } from '../../src-shared/contract';
import { api } from '../transport';
import { useApp } from './app';
import { errorMessage } from '../format';

interface PoliciesState {
  status: PoliciesStatus | null;
  experiments: ExperimentSummary[] | null;
  reports: Record<string, ExperimentReportView>;
  alerts: AlertsOverview | null;
  error: string | null;
  loadStatus(): Promise<void>;
  loadExperiments(): Promise<void>;
  loadReport(name: string): Promise<void>;
  /** Resolves to the error's message and the field it names, or null when the experiment started. */
  createExperiment(input: OperationInput<'experiments.create'>): Promise<{ message: string; field?: string } | null>;
  stopExperiment(name: string): Promise<void>;
  loadAlerts(): Promise<void>;
  /** Resolves to what happened, in one line. */
  testAlert(webhookUrl: string): Promise<{ ok: boolean; message: string }>;
}

/** Budget, breakers, experiments and alerts: the policy pages' view of main. */
export const usePolicies = create<PoliciesState>((set, get) => {
  const guard = async (fn: () => Promise<void>) => {
    try {
      await fn();
      set({ error: null });
    } catch (e) {
      set({ error: errorMessage(e) });
    }
  };
  return {
    status: null,
    experiments: null,
    reports: {},
    alerts: null,
    error: null,
    loadStatus: () => guard(async () => set({ status: await api.invoke('policies.status') })),
    loadExperiments: () =>
      guard(async () => {
        const { experiments } = await api.invoke('experiments.list');
        set({ experiments });
        await Promise.all(experiments.map((e) => get().loadReport(e.name)));
      }),
    loadReport: (name) => guard(async () => set({ reports: { ...get().reports, [name]: await api.invoke('experiments.status', { name }) } })),
    async createExperiment(input) {
      try {
        await api.invoke('experiments.create', input);
        await get().loadExperiments();
        return null;
      } catch (e) {
        const field = (e as { field?: unknown }).field;
        return { message: errorMessage(e), ...(typeof field === 'string' ? { field } : {}) };
      }
    },
    stopExperiment: (name) =>
      guard(async () => {
        await api.invoke('experiments.stop', { name });
        await get().loadExperiments();
      }),
    loadAlerts: () => guard(async () => set({ alerts: await api.invoke('alerts.list') })),
    async testAlert(webhookUrl) {
      try {
        const sent = await api.invoke('alerts.test', { webhookUrl });
        await get().loadAlerts();
        return { ok: true, message: `Delivered to ${sent.channel} (${sent.format}).` };
      } catch (e) {
        return { ok: false, message: errorMessage(e) };
      }
    },
  };
});

/**
 * The policies' status, read now and again whenever main pushes a change: requests recorded
 * (spend), a breaker or budget level changed, another config. No polling.
 */
export function usePolicyStatus(): Pick<PoliciesState, 'status' | 'error' | 'loadStatus'> {
  const { status, error, loadStatus } = usePolicies();
  const statsVersion = useApp((s) => s.statsVersion);
  const policyVersion = useApp((s) => s.policyVersion);
  const configVersion = useApp((s) => s.configVersion);
  useEffect(() => void loadStatus(), [loadStatus, statsVersion, policyVersion, configVersion]);
  return { status, error, loadStatus };
}
