from tests.forms.conftest import cluster_url
def test_smoke(client, login, make_user, open_som, question):
    fp = make_user("focal_point")
    login(fp)
    r = client.get(cluster_url(open_som))
    assert r.status_code == 200, r.data[:3000]
    q = question("som.crim.smuggling")
    r = client.post(cluster_url(open_som), data={f"q_{q.id}": "yes", f"base_{q.id}": "0:x"})
    assert r.status_code == 302, r.data.decode()[:5000]
    r = client.get(cluster_url(open_som))
    print(r.data.decode()[-12000:-6000])
    for u in ["/answers/", f"/answers/{open_som.id}/MEX/review", f"/answers/{open_som.id}/MEX/print", f"/answers/{open_som.id}/MEX/submit"]:
        r = client.get(u); assert r.status_code == 200, (u, r.data.decode()[:3000])
