import type { GeoPointInput, NearbyPlace, Region } from '../../../server/contract';
import { callAction } from '../../services/call-action';
import type { Tap } from '../../services/events';
import { formatDistance, formatRegion } from '../../services/format';
import { BRANCH_KIND_LABELS, CENTRE_KIND_LABELS, ORG_KIND_LABELS } from '../../services/labels';
import { allowInSettings, locate, openInMap } from '../../services/location';
import { type Notice, NO_NOTICE, follow, loadErrorNotice, noticeFor, urlOf } from '../../services/navigation';

/**
 * The page a 归队码 opens (a poster at a station, a labour market, a service hall): the party
 * organizations and service centres nearest the member, by the phone's location when the member
 * allows it, else by district (the poster's district first). From each: the way there, and 报到.
 */

interface PlaceRow {
  placeId: string;
  name: string;
  kindText: string;
  /** Who runs a centre: 由…管理; '' for an organization's own place. */
  runByText: string;
  distanceText: string;
  address: string;
  hours: string;
  contact: string;
  checkinScene: string;
  point: GeoPointInput;
}

function kindTextOf(place: NearbyPlace): string {
  if (place.centreKind) return CENTRE_KIND_LABELS[place.centreKind];
  return place.branchKind ? BRANCH_KIND_LABELS[place.branchKind] : ORG_KIND_LABELS[place.organization.kind];
}

function rowOf(place: NearbyPlace): PlaceRow {
  return {
    placeId: place.placeId,
    name: place.name,
    kindText: kindTextOf(place),
    runByText: place.kind === 'service_centre' ? `由${place.organization.name}管理` : '',
    distanceText: formatDistance(place.distanceMetres),
    address: place.address,
    hours: place.hours,
    contact: place.contact,
    checkinScene: place.checkinScene,
    point: place.point,
  };
}

const regionOf = (value: string[]): Region | null =>
  value.length === 3 && value.every(Boolean) ? { province: value[0], city: value[1], district: value[2] } : null;

Component({
  data: {
    /** Where the poster hangs, when the page was opened from one. */
    posterLabel: '',
    posterError: '',
    locating: false,
    /** Why there is no location ('' while none was asked for or it was found). */
    locationNotice: '',
    /** The person said no: offer to allow it in the settings. */
    canAllow: false,
    /** The district picker's value: province, city, district. */
    region: [] as string[],
    regionText: '',
    /** The district alone, for headings: 姑苏区. */
    districtText: '',
    status: 'idle' as 'idle' | 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    by: 'district' as 'distance' | 'district',
    rows: [] as PlaceRow[],
    completeText: '',
    point: null as GeoPointInput | null,
  },
  methods: {
    async onLoad(options: Record<string, string | undefined>) {
      if (!options.scene) return;
      const result = await callAction('place.resolvePoster', { scene: decodeURIComponent(options.scene) });
      if (!result.ok) {
        this.setData({ posterError: noticeFor(result.error).text });
        return;
      }
      const { label, region } = result.data;
      this.setData({ posterLabel: label });
      // Without asking for anything, the poster's own district is listed at once.
      this.chooseRegion([region.province, region.city, region.district]);
    },

    async onLocate() {
      if (this.data.locating) return;
      this.setData({ locating: true, locationNotice: '', canAllow: false });
      const located = await locate();
      if (!located.ok) {
        this.setData({ locating: false, locationNotice: located.error, canAllow: located.refused });
        return;
      }
      this.setData({ locating: false, point: located.point });
      await this.load();
    },
    async onAllow() {
      if (await allowInSettings()) await this.onLocate();
    },

    onRegion(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ point: null });
      this.chooseRegion(event.detail.value);
    },
    chooseRegion(value: string[]) {
      const region = regionOf(value);
      this.setData({ region: value, regionText: formatRegion(region), districtText: region ? region.district : '' });
      if (region && !this.data.point) this.load();
    },

    async load() {
      const { point } = this.data;
      const region = regionOf(this.data.region);
      if (!point && !region) return;
      this.setData({ status: 'loading', error: NO_NOTICE });
      const result = await callAction('place.nearby', point ? { point, limit: 10 } : { region, limit: 30 });
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      const { by, items, completeWithinMetres } = result.data;
      this.setData({
        status: 'ready',
        by,
        rows: items.map(rowOf),
        completeText:
          by === 'distance' && completeWithinMetres !== null && items.length > 0
            ? `${formatDistance(completeWithinMetres).replace('约 ', '')}以内的都已列出`
            : '',
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onByDistrict() {
      this.setData({ point: null, rows: [], status: 'idle' });
      if (regionOf(this.data.region)) this.load();
    },

    onToCheckin() {
      wx.navigateTo({ url: urlOf('checkin') });
    },
    onNavigate(event: Tap<{ index: number }>) {
      const row = this.data.rows[event.currentTarget.dataset.index];
      if (row) openInMap({ point: row.point, name: row.name, address: row.address });
    },
    onCheckin(event: Tap<{ index: number }>) {
      const row = this.data.rows[event.currentTarget.dataset.index];
      if (row) wx.navigateTo({ url: `/pages/checkin/checkin?scene=${encodeURIComponent(row.checkinScene)}&via=nearby` });
    },
  },
});
