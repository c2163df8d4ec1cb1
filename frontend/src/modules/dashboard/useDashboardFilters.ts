import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { dashboardFiltersToSearchParams, parseDashboardFilters, updateDashboardFilters, type DashboardFilters } from './filters';

/** The dashboard's range and filters, read from and written to the URL. */
export function useDashboardFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseDashboardFilters(params), [params]);
  const setFilters = useCallback(
    (patch: Partial<DashboardFilters>) => {
      setParams((current) => dashboardFiltersToSearchParams(updateDashboardFilters(parseDashboardFilters(current), patch)));
    },
    [setParams],
  );
  return [filters, setFilters] as const;
}
