import type { ActionOutput, CentreKind, GeoPointInput, PlaceView } from '../../../server/contract';
import { callAction } from '../../services/call-action';
import type { Change, Tap } from '../../services/events';
import { CENTRE_KIND_LABELS } from '../../services/labels';
import { chooseOnMap, openInMap } from '../../services/location';
import { type Notice, NO_NOTICE, follow, homeNotice, loadErrorNotice, noticeFor } from '../../services/navigation';
import { newRequestId } from '../../services/request-id';
import { saveCodeImage } from '../../services/save-code-image';

/**
 * An organization's places, for its admins: where the organization is (chosen on the map), the
 * party-service centres and red stations it runs, and the 归队码 for posters. Its secretary sees
 * the same without the buttons.
 */

type Overview = ActionOutput<'place.ofOrg'>;

/** What the form edits: the organization's own place, or one centre (null id: a new one). */
interface Form {
  target: 'own' | 'centre';
  centreId: string | null;
  requestId: string;
  centreKind: CentreKind;
  name: string;
  point: GeoPointInput | null;
  /** What the map said about the point, shown so the admin sees the pick landed. */
  pickedText: string;
  address: string;
  hours: string;
  contact: string;
  version: number | null;
}

const CLOSED_FORM: Form | null = null;

/** Where a refusal shows: under its field, or under the form for anything else. */
type ErrorAt = '' | 'name' | 'address' | 'point' | 'form';
function errorAtOf(field: string | undefined): ErrorAt {
  if (field === 'name' || field === 'address') return field;
  if (field && field.startsWith('point')) return 'point';
  return 'form';
}

const CENTRE_OPTIONS = (Object.keys(CENTRE_KIND_LABELS) as CentreKind[]).map((value) => ({
  value,
  label: CENTRE_KIND_LABELS[value],
}));

function formOf(target: 'own' | 'centre', place: PlaceView | null, overview: Overview): Form {
  return {
    target,
    centreId: target === 'centre' && place ? place.placeId : null,
    requestId: newRequestId(),
    centreKind: place?.centreKind ?? 'party_service_centre',
    name: target === 'centre' ? (place?.name ?? '') : overview.organization.name,
    point: place?.point ?? null,
    pickedText: place ? '已选好位置' : '',
    address: place?.address ?? (target === 'own' ? overview.organization.address : ''),
    hours: place?.hours ?? '',
    contact: place?.contact ?? (target === 'own' ? overview.organization.contact : ''),
    version: place?.version ?? null,
  };
}

Component({
  data: {
    status: 'loading' as 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    orgId: '',
    overview: null as Overview | null,
    centreLabels: CENTRE_KIND_LABELS,
    centreOptions: CENTRE_OPTIONS,
    form: CLOSED_FORM as Form | null,
    formError: '',
    formAt: '' as ErrorAt,
    saving: false,
    posterLabel: '',
    posterError: '',
    makingPoster: false,
    posterImage: '',
    posterName: '',
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      if (!options.orgId) {
        this.setData({ status: 'error', error: homeNotice('没有指明是哪个党组织，请从首页进入') });
        return;
      }
      this.setData({ orgId: options.orgId });
      this.load();
    },
    async load() {
      this.setData({ status: 'loading' });
      const result = await callAction('place.ofOrg', { orgId: this.data.orgId });
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      this.setData({ status: 'ready', overview: result.data });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },

    onEditOwn() {
      const { overview } = this.data;
      if (overview) this.openForm(formOf('own', overview.location, overview));
    },
    onAddCentre() {
      const { overview } = this.data;
      if (overview) this.openForm(formOf('centre', null, overview));
    },
    onEditCentre(event: Tap<{ index: number }>) {
      const { overview } = this.data;
      const centre = overview?.centres[event.currentTarget.dataset.index];
      if (overview && centre) this.openForm(formOf('centre', centre, overview));
    },
    async openForm(form: Form) {
      this.setData({ form, formError: '', formAt: '' });
      // A new place starts on the map: that is where its point comes from.
      if (!form.point) await this.onPick();
    },
    onCancel() {
      if (!this.data.saving) this.setData({ form: CLOSED_FORM, formError: '', formAt: '' });
    },

    async onPick() {
      const { form } = this.data;
      if (!form) return;
      const chosen = await chooseOnMap(form.point);
      if (!chosen.ok) {
        if (chosen.error) this.setData({ formError: chosen.error, formAt: 'point' });
        return;
      }
      this.setData({
        form: {
          ...form,
          point: chosen.point,
          pickedText: chosen.name || chosen.address || '已选好位置',
          // The map's address is a good start; what the admin typed stays.
          address: form.address || chosen.address,
          name: form.target === 'centre' && !form.name ? chosen.name : form.name,
        },
        formError: '',
        formAt: '',
      });
    },
    onField(event: Change<string, { field: 'name' | 'address' | 'hours' | 'contact' }>) {
      const { form } = this.data;
      if (form) this.setData({ form: { ...form, [event.currentTarget.dataset.field]: event.detail.value } });
    },
    onCentreKind(event: Change<CentreKind>) {
      const { form } = this.data;
      if (form) this.setData({ form: { ...form, centreKind: event.detail.value } });
    },

    async onSave() {
      const { form, orgId } = this.data;
      if (!form || this.data.saving) return;
      if (!form.point) {
        this.setData({ formError: '请先在地图上选好位置', formAt: 'point' });
        return;
      }
      this.setData({ saving: true, formError: '', formAt: '' });
      const common = {
        orgId,
        point: form.point,
        address: form.address,
        hours: form.hours,
        contact: form.contact,
        version: form.version,
      };
      const result =
        form.target === 'own'
          ? await callAction('place.setLocation', common)
          : await callAction('place.saveCentre', {
              ...common,
              centreId: form.centreId,
              requestId: form.requestId,
              centreKind: form.centreKind,
              name: form.name,
            });
      this.setData({ saving: false });
      if (!result.ok) {
        this.setData({ formError: noticeFor(result.error).text, formAt: errorAtOf(result.error.field) });
        return;
      }
      this.setData({ form: CLOSED_FORM });
      wx.showToast({ title: '已保存', icon: 'success' });
      await this.load();
    },

    async onRemoveCentre(event: Tap<{ index: number }>) {
      const centre = this.data.overview?.centres[event.currentTarget.dataset.index];
      if (!centre) return;
      const answer = await wx.showModal({
        title: '撤下这个地点？',
        content: `撤下后，“${centre.name}”不再出现在附近的党组织列表里。`,
        confirmText: '撤下',
        cancelText: '不撤',
      });
      if (!answer.confirm) return;
      const result = await callAction('place.removeCentre', { centreId: centre.placeId, version: centre.version });
      if (!result.ok) {
        wx.showToast({ title: noticeFor(result.error).text, icon: 'none' });
        return;
      }
      await this.load();
    },
    onShowOnMap(event: Tap<{ index: number }>) {
      const { overview } = this.data;
      if (!overview) return;
      const index = event.currentTarget.dataset.index;
      const place = index < 0 ? overview.location : overview.centres[index];
      if (place) openInMap({ point: place.point, name: place.name, address: place.address });
    },

    onPosterLabel(event: Change<string>) {
      this.setData({ posterLabel: event.detail.value, posterError: '' });
    },
    async onMakePoster() {
      if (this.data.makingPoster) return;
      this.setData({ makingPoster: true, posterError: '' });
      const result = await callAction('place.posterCode', { orgId: this.data.orgId, label: this.data.posterLabel });
      this.setData({ makingPoster: false });
      if (!result.ok) {
        this.setData({ posterError: noticeFor(result.error).text });
        return;
      }
      this.setData({ posterImage: result.data.imageDataUrl, posterName: result.data.poster.label });
    },
    onSavePoster() {
      saveCodeImage(this.data.posterImage, `guidui-${Date.now()}.png`);
    },
  },
});
