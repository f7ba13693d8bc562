import { useCallback, useState } from 'react';
import { Button, Input } from 'tdesign-react';
import type { PlaceView } from '../../../../server/contract';
import { type ClientError, api, deskMessage } from '../../api';
import { CursorTable, type TableColumn } from '../../components/cursor-table';
import { EmptyState, Loaded, useLoad } from '../../components/states';
import { CENTRE_KIND_LABELS } from '../../lib/shared-with-phone';
import { ScopeSelect, useChosenScope } from '../../shell/scope-select';
import { PlaceDialog } from './place-dialog';

const COLUMNS: readonly TableColumn<PlaceView>[] = [
  { key: 'name', title: '名称', value: (place) => place.name, sortable: true, minWidth: 200 },
  { key: 'kind', title: '类型', value: (place) => (place.centreKind ? CENTRE_KIND_LABELS[place.centreKind] : '') },
  { key: 'address', title: '地址', value: (place) => place.address, minWidth: 240 },
  { key: 'hours', title: '开放时间', value: (place) => place.hours, minWidth: 180 },
  { key: 'contact', title: '联系电话', value: (place) => place.contact },
];

/** 归队码 for a poster: where it hangs, and the code to print. */
function PosterCode({ orgId }: { orgId: string }) {
  const [label, setLabel] = useState('');
  const [image, setImage] = useState<{ url: string; label: string } | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const [making, setMaking] = useState(false);
  const make = async () => {
    setMaking(true);
    setError(null);
    const result = await api.call('place.posterCode', { orgId, label });
    setMaking(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setImage({ url: result.data.imageDataUrl, label: result.data.poster.label });
  };
  return (
    <section className="desk-places__poster" data-testid="poster-code">
      <h2 className="desk-places__heading">归队码</h2>
      <p className="desk-state__hint">印在车站、劳务市场、服务大厅的海报上。党员一扫，就能看到离他最近的党组织和服务中心。</p>
      <div className="desk-places__poster-form">
        <div data-testid="poster-label" style={{ width: 320 }}>
          <Input
            size="large"
            placeholder="张贴地点，如：苏州站北广场"
            value={label}
            maxlength={30}
            onChange={(value) => setLabel(String(value))}
          />
        </div>
        <Button size="large" theme="primary" loading={making} onClick={() => void make()}>
          生成归队码
        </Button>
      </div>
      {error && <p className="desk-error-text">{deskMessage(error)}</p>}
      {image && (
        <figure className="desk-places__code">
          <img src={image.url} alt={`${image.label}的归队码`} width={240} height={240} />
          <figcaption>
            {image.label}的归队码{' '}
            <a href={image.url} download={`归队码-${image.label}.png`}>
              下载图片
            </a>
          </figcaption>
        </figure>
      )}
    </section>
  );
}

/**
 * 地点与归队码: where the chosen organization is (its address, hours and contact), the service
 * centres and red stations it runs, each editable in a dialog, and the 归队码 for posters. The point
 * on the map is chosen on the phone; the desk edits what is typed.
 */
export default function PlacesPage() {
  const { scopes, scope, choose } = useChosenScope();
  const [editing, setEditing] = useState<PlaceView | null>(null);
  const [state, reload] = useLoad(() => api.call('place.ofOrg', { orgId: scope?.orgId ?? '' }), [scope]);
  const loadCentres = useCallback(
    async () =>
      state.status === 'ready'
        ? { ok: true as const, data: { items: state.data.centres, nextCursor: null } }
        : { ok: true as const, data: { items: [] as PlaceView[], nextCursor: null } },
    [state],
  );

  if (scopes !== null && scopes.length === 0)
    return (
      <div>
        <h1 className="desk-page__title">地点与归队码</h1>
        <EmptyState title="您不是组织管理员" hint="党组织和服务中心的地点，由本组织或上级组织的管理员设置。" />
      </div>
    );
  return (
    <div>
      <h1 className="desk-page__title">地点与归队码</h1>
      <div className="desk-places__scope">
        <ScopeSelect scopes={scopes} scope={scope} choose={choose} width={360} />
      </div>
      {scope && (
        <Loaded state={state} onRetry={reload}>
          {(overview) => (
            <>
              <section data-testid="own-place">
                <h2 className="desk-places__heading">本组织的位置</h2>
                {overview.location ? (
                  <dl className="desk-orgs__facts">
                    <dt>地址</dt>
                    <dd>{overview.location.address || '未填写'}</dd>
                    <dt>开放时间</dt>
                    <dd>{overview.location.hours || '未填写'}</dd>
                    <dt>联系电话</dt>
                    <dd>{overview.location.contact || '未填写'}</dd>
                    <dt>坐标</dt>
                    <dd>
                      北纬 {overview.location.point.latitude.toFixed(6)}，东经 {overview.location.point.longitude.toFixed(6)}
                    </dd>
                  </dl>
                ) : (
                  <EmptyState
                    title="还没有在地图上标出位置"
                    hint="请在手机小程序首页的“地点与归队码”里，在地图上选择本组织的位置。"
                  />
                )}
                {overview.location && overview.canEdit && (
                  <Button size="large" variant="outline" onClick={() => setEditing(overview.location)}>
                    修改地址和开放时间
                  </Button>
                )}
              </section>
              <CursorTable
                key={`${scope.orgId}-${overview.centres.map((centre) => `${centre.placeId}.${centre.version}`).join(',')}`}
                title="党群服务中心、红色驿站"
                load={loadCentres}
                columns={COLUMNS}
                rowKey={(place) => place.placeId}
                onRowClick={overview.canEdit ? setEditing : undefined}
                empty={{ title: '还没有登记服务中心或驿站', hint: '在手机小程序“地点与归队码”里，在地图上新增。' }}
              />
              {overview.canEdit && <PosterCode orgId={scope.orgId} />}
            </>
          )}
        </Loaded>
      )}
      {editing && scope && (
        <PlaceDialog
          orgId={scope.orgId}
          place={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </div>
  );
}
